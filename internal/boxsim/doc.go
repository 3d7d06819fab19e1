// Package boxsim is a stateful, in-memory simulator of the parts of the Box
// API that baton-box uses: a test fixture. Tests, the demo and the
// benchmarks run the connector against it; subpackage specvalidate checks
// its traffic against Box's official OpenAPI document (API 2024.0).
//
// Shapes (field names, envelopes, error bodies) follow the spec; behaviour
// the spec states only in prose follows docs/box-behaviour.md. Where both
// are silent the simulator picks one reading, and where the choice matters
// to a connector a Config, ContentConfig or Faults switch gives the other.
// docs/boxsim.md is the catalogue: every behaviour and switch, with its
// source.
//
// Files are named by role: api_* serve Box's HTTP API, state_* hold the
// enterprise and Box's rules over it, seed_* generate an enterprise from a
// Config, truth_* report what a perfect sync must contain, control_* are
// what tests turn and change (faults, readings, mutations, statistics).
package boxsim
