// Package memsession is an in-memory session store for tests, importable
// by the connector's own (internal) tests and by synctest.
package memsession

import (
	"context"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/conductorone/baton-sdk/pkg/types/sessions"
)

// MemorySessionStore is an in-memory sessions.SessionStore, standing in for
// the one the SDK runner provides (unit tests must give the builder one).
type MemorySessionStore struct {
	mu     sync.Mutex
	values map[string][]byte
	Sets   int // number of keys written, for assertions
	// AnswerAtMost > 0 makes GetMany answer at most that many of the keys
	// asked and return the others as unprocessed, as a real store may.
	AnswerAtMost int
	// GetAllAtMost > 0 makes GetAll answer pages of at most that many keys,
	// in key order, the page token naming the next page's first key (the
	// SDK's c1z store pages so, 100 keys a chunk).
	GetAllAtMost int
	// GetAllErr, when set, is GetAll's answer.
	GetAllErr error
	// GetAllCalls counts GetAll calls: the SDK's c1z store scans its table
	// from the first key under the prefix for each, so a caller's count of
	// them is its cost.
	GetAllCalls int
}

var _ sessions.SessionStore = (*MemorySessionStore)(nil)

func NewMemorySessionStore() *MemorySessionStore {
	return &MemorySessionStore{values: map[string][]byte{}}
}

func scope(ctx context.Context, opts []sessions.SessionStoreOption) (string, error) {
	bag := &sessions.SessionStoreBag{}
	for _, o := range opts {
		if err := o(ctx, bag); err != nil {
			return "", err
		}
	}
	return bag.SyncID + "\x00" + bag.Prefix, nil
}

func (m *MemorySessionStore) Get(ctx context.Context, key string, opt ...sessions.SessionStoreOption) ([]byte, bool, error) {
	s, err := scope(ctx, opt)
	if err != nil {
		return nil, false, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.values[s+key]
	return slices.Clone(v), ok, nil
}

func (m *MemorySessionStore) GetMany(ctx context.Context, keys []string, opt ...sessions.SessionStoreOption) (map[string][]byte, []string, error) {
	s, err := scope(ctx, opt)
	if err != nil {
		return nil, nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	var unprocessed []string
	if m.AnswerAtMost > 0 && len(keys) > m.AnswerAtMost {
		keys, unprocessed = keys[:m.AnswerAtMost], keys[m.AnswerAtMost:]
	}
	out := map[string][]byte{}
	for _, k := range keys {
		if v, ok := m.values[s+k]; ok {
			out[k] = slices.Clone(v)
		}
	}
	return out, unprocessed, nil
}

func (m *MemorySessionStore) Set(ctx context.Context, key string, value []byte, opt ...sessions.SessionStoreOption) error {
	return m.SetMany(ctx, map[string][]byte{key: value}, opt...)
}

func (m *MemorySessionStore) SetMany(ctx context.Context, values map[string][]byte, opt ...sessions.SessionStoreOption) error {
	s, err := scope(ctx, opt)
	if err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for k, v := range values {
		m.values[s+k] = slices.Clone(v)
		m.Sets++
	}
	return nil
}

func (m *MemorySessionStore) Delete(ctx context.Context, key string, opt ...sessions.SessionStoreOption) error {
	s, err := scope(ctx, opt)
	if err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.values, s+key)
	return nil
}

func (m *MemorySessionStore) Clear(ctx context.Context, opt ...sessions.SessionStoreOption) error {
	s, err := scope(ctx, opt)
	if err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	maps.DeleteFunc(m.values, func(k string, _ []byte) bool { return strings.HasPrefix(k, s) })
	return nil
}

func (m *MemorySessionStore) GetAll(ctx context.Context, token string, opt ...sessions.SessionStoreOption) (map[string][]byte, string, error) {
	s, err := scope(ctx, opt)
	if err != nil {
		return nil, "", err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.GetAllCalls++
	if m.GetAllErr != nil {
		return nil, "", m.GetAllErr
	}
	var matching []string
	for k := range m.values {
		if rest, ok := strings.CutPrefix(k, s); ok && rest >= token {
			matching = append(matching, rest)
		}
	}
	slices.Sort(matching)
	next := ""
	if m.GetAllAtMost > 0 && len(matching) > m.GetAllAtMost {
		matching, next = matching[:m.GetAllAtMost], matching[m.GetAllAtMost]
	}
	out := make(map[string][]byte, len(matching))
	for _, k := range matching {
		out[k] = slices.Clone(m.values[s+k])
	}
	return out, next, nil
}
