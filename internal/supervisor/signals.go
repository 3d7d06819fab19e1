package supervisor

import (
	"os"
	"os/exec"
	"os/signal"
	"sync"
)

// interrupts turns a stop signal into the end of the run. The first signal
// kills the child's whole process tree; the run then exits 128+n after
// cleaning up, without touching --file. Once the supervisor has begun to
// put a finished sync in place, a signal no longer counts: the run
// completes, so --file is never half-replaced.
type interrupts struct {
	ch chan os.Signal

	mu        sync.Mutex
	sig       os.Signal // the first stop signal; nil if none
	committed bool
	cmd       *exec.Cmd // the running child, once started
}

// watchInterrupts starts listening; a signal that arrives before the child
// starts is acted on as soon as it does.
//
// A stop signal that was ignored when the process started stays ignored:
// nohup ignores SIGHUP so that a run outlives its terminal, and a shell
// starts a background job with SIGINT ignored. Listening would undo that
// here, and in the child too: exec keeps a signal ignored, but resets one
// that has a handler.
func watchInterrupts() *interrupts {
	in := &interrupts{ch: make(chan os.Signal, 1)}
	var watched []os.Signal
	for _, s := range stopSignals {
		if !signal.Ignored(s) {
			watched = append(watched, s)
		}
	}
	if len(watched) > 0 { // Notify without signals would catch them all
		signal.Notify(in.ch, watched...)
	}
	go func() {
		for s := range in.ch {
			in.mu.Lock()
			if in.sig == nil && !in.committed {
				in.sig = s
				if in.cmd != nil {
					killTree(in.cmd)
				}
			}
			in.mu.Unlock()
		}
	}()
	return in
}

// started records the child; it is killed at once if a signal came first.
func (in *interrupts) started(cmd *exec.Cmd) {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.cmd = cmd
	if in.sig != nil {
		killTree(cmd)
	}
}

// commit returns the stop signal, if one came; otherwise later signals are
// ignored until stop.
func (in *interrupts) commit() os.Signal {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.committed = true
	return in.sig
}

// stop restores the default handling of the signals.
func (in *interrupts) stop() {
	signal.Stop(in.ch)
}
