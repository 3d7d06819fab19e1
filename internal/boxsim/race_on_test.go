//go:build race

package boxsim

// raceDetector: timing budgets stretch under -race, which slows code
// several times over.
const raceDetector = true
