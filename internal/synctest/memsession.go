package synctest

import "github.com/conductorone/baton-box/internal/memsession"

// MemorySessionStore is memsession's store, for the env's connector.
type MemorySessionStore = memsession.MemorySessionStore

// NewMemorySessionStore returns an empty store.
func NewMemorySessionStore() *MemorySessionStore { return memsession.NewMemorySessionStore() }
