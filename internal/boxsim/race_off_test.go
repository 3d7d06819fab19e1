//go:build !race

package boxsim

// raceDetector: see race_on_test.go.
const raceDetector = false
