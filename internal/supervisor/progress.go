package supervisor

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/conductorone/baton-box/pkg/connector"
)

// A long sync says every progressEvery how far it has come, on stderr:
// the counts the connector process publishes (pkg/connector/progress.go:
// users listed, groups whose members are read, folder owners walked, API
// calls and 429s) and an estimate of the time left at the current pace.
// A sync shorter than progressEvery prints no progress line.

// progressEvery is how often a sync reports its progress.
var progressEvery = 10 * time.Second

// paceWindow is how far back "the current pace" looks.
const paceWindow = time.Minute

// sample is the progress read at one moment.
type sample struct {
	at time.Time
	p  connector.Progress
}

// progressReporter writes a progress line to out every progressEvery
// until stopped.
type progressReporter struct {
	dir     string // the report directory (connector.ReportDirEnv)
	out     io.Writer
	folders bool // --sync-folders: the folder walk is part of the work
	start   time.Time
	history []sample // the samples within paceWindow of the latest, and one before
	stop    chan struct{}
	done    chan struct{}
}

func startProgress(dir string, out io.Writer, folders bool) *progressReporter {
	p := newProgressReporter(dir, out, folders, time.Now())
	go p.run()
	return p
}

// newProgressReporter is a reporter for a sync started at start, with
// nothing done then.
func newProgressReporter(dir string, out io.Writer, folders bool, start time.Time) *progressReporter {
	return &progressReporter{dir: dir, out: out, folders: folders, start: start,
		history: []sample{{at: start}}, stop: make(chan struct{}), done: make(chan struct{})}
}

func (p *progressReporter) run() {
	defer close(p.done)
	tick := time.NewTicker(progressEvery)
	defer tick.Stop()
	for {
		select {
		case <-p.stop:
			return
		case now := <-tick.C:
			if cur, ok := readProgress(p.dir); ok {
				_, _ = fmt.Fprintln(p.out, p.line(now, cur))
			}
		}
	}
}

// halt stops the reporter and waits until it has.
func (p *progressReporter) halt() {
	close(p.stop)
	<-p.done
}

// readProgress reads the connector's latest counts; false: none yet.
func readProgress(dir string) (connector.Progress, bool) {
	var p connector.Progress
	b, err := os.ReadFile(filepath.Join(dir, connector.ProgressFile))
	if err != nil || json.Unmarshal(b, &p) != nil {
		return p, false
	}
	return p, true
}

// line is the progress line for cur, read at now.
func (p *progressReporter) line(now time.Time, cur connector.Progress) string {
	p.history = append(p.history, sample{now, cur})
	for len(p.history) > 2 && now.Sub(p.history[1].at) >= paceWindow {
		p.history = p.history[1:]
	}
	parts := []string{listed(cur.Users, "user", cur.UsersDone), listed(cur.Groups, "group", cur.GroupsDone)}
	if cur.GroupsDone && cur.GroupsRead > 0 {
		parts = append(parts, fmt.Sprintf("members of %s/%s groups read", count(cur.GroupsRead), count(cur.Groups)))
	}
	if p.folders && cur.UsersDone {
		parts = append(parts, fmt.Sprintf("folders of %s/%s owners walked (%s folders)", count(cur.OwnersWalked), count(cur.Owners), count(cur.Folders)))
	}
	parts = append(parts, fmt.Sprintf("%s API calls (%s answered 429)", count(cur.Calls), count(cur.RateLimited)))
	parts = append(parts, p.left(cur))
	return fmt.Sprintf("baton-box: syncing for %s: %s", roundDuration(now.Sub(p.start)), strings.Join(parts, "; "))
}

// listed says how many of a type are listed, and whether the listing is on.
func listed(n int64, noun string, done bool) string {
	if done {
		return plural(n, noun)
	}
	return plural(n, noun) + " listed so far"
}

// left estimates the time left at the current pace: the folder owners
// still to walk and the groups whose members are still to read, each at
// its own pace (pace), or, before it has one, at one API call each at the
// pace of the calls.
func (p *progressReporter) left(cur connector.Progress) string {
	if !cur.UsersDone || !cur.GroupsDone {
		return "time left: known once users and groups are listed"
	}
	callRate := p.pace(func(p connector.Progress) int64 { return p.Calls })
	var secs float64
	phase := func(left int64, rate float64) bool {
		switch {
		case left <= 0:
		case rate > 0:
			secs += float64(left) / rate
		case callRate > 0:
			secs += float64(left) / callRate
		default:
			return false
		}
		return true
	}
	walked := p.pace(func(p connector.Progress) int64 { return p.OwnersWalked })
	read := p.pace(func(p connector.Progress) int64 { return p.GroupsRead })
	if p.folders && !phase(cur.Owners-cur.OwnersWalked, walked) || !phase(cur.Groups-cur.GroupsRead, read) {
		return "time left: not known yet (no calls in the last minute)"
	}
	return "about " + roundDuration(time.Duration(secs*float64(time.Second))) + " left"
}

// pace is how many a second the count of has grown over the last minute,
// or since it began to grow within it: a phase that started moments ago
// goes at its own pace, not at its average over the minute.
func (p *progressReporter) pace(of func(connector.Progress) int64) float64 {
	if len(p.history) < 2 {
		return 0
	}
	last := p.history[len(p.history)-1]
	from := p.history[0]
	for _, s := range p.history[1 : len(p.history)-1] {
		if of(s.p) != of(from.p) {
			break
		}
		from = s
	}
	span := last.at.Sub(from.at).Seconds()
	if span <= 0 {
		return 0
	}
	return float64(of(last.p)-of(from.p)) / span
}

// roundDuration is d as people say it: tenths of a second under ten
// seconds, seconds under a minute, else to ten seconds.
func roundDuration(d time.Duration) string {
	switch {
	case d < 10*time.Second:
		return d.Round(100 * time.Millisecond).String()
	case d < time.Minute:
		return d.Round(time.Second).String()
	}
	s := d.Round(10 * time.Second).String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	return s
}

// count is n with thousands separators.
func count(n int64) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return s
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// plural is "1 user", "2 users".
func plural(n int64, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return count(n) + " " + noun + "s"
}

// lockedWriter serialises whole writes from the relay and the progress
// reporter to one stream.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}
