//go:build race

package box

// raceDetector: the race detector's instrumentation allocates and slows
// code several times over; memory and timing bounds stretch under it.
const raceDetector = true
