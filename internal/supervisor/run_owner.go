package supervisor

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Each directory a run creates (its private temporary directory, the work
// directory beside --file) holds a small owner file naming the run. It
// lets a later run tell the leftovers of a killed run (leftovers.go) from
// a live run's files, and lets the child verify that the supervision
// marker in its environment comes from its parent (supervisedByParent).

// ownerFile is the owner file's name inside each directory.
const ownerFile = ".baton-box-owner"

// owner is a run: the supervisor's process, and its child's process group
// once started.
type owner struct {
	PID int `json:"pid"`
	// Start is when the process started (Linux: /proc/<pid>/stat), so that
	// a later process with the same PID is not taken for it.
	Start string `json:"start,omitempty"`
	// Child is the child's PID, which is also its process group's: the
	// processes doing the work may outlive the supervisor for a moment.
	Child int    `json:"child,omitempty"`
	Host  string `json:"host"`
	// Boot identifies the boot (Linux): after a reboot every PID is
	// another process.
	Boot string `json:"boot,omitempty"`
	// Nonce is the random half of the supervision marker.
	Nonce string `json:"nonce"`
}

// thisRun is the owner for a run of this process.
func thisRun() owner {
	host, _ := os.Hostname()
	nonce := make([]byte, 16)
	_, _ = rand.Read(nonce) // crypto/rand.Read does not fail (Go 1.24+)
	pid := os.Getpid()
	start, _ := processStart(pid)
	return owner{PID: pid, Start: start, Host: host, Boot: bootID(), Nonce: hex.EncodeToString(nonce)}
}

// write records o in dir. Best effort: a directory without an owner file
// is only never cleaned up by another run.
func (o owner) write(dir string) {
	b, err := json.Marshal(o)
	if err != nil {
		return
	}
	tmp := filepath.Join(dir, ownerFile+".new")
	if os.WriteFile(tmp, b, workFileMode) == nil {
		_ = os.Rename(tmp, filepath.Join(dir, ownerFile)) // whole or not at all
	}
}

// readOwner reads dir's owner file.
func readOwner(dir string) (owner, bool) {
	var o owner
	b, err := os.ReadFile(filepath.Join(dir, ownerFile))
	if err != nil || json.Unmarshal(b, &o) != nil || o.PID <= 0 {
		return owner{}, false
	}
	return o, true
}

// alive: the run may still be using its directories. Anything that cannot
// be told for sure counts as alive.
func (o owner) alive() bool {
	if host, _ := os.Hostname(); o.Host != host {
		return true // a shared filesystem: another machine's PIDs
	}
	if boot := bootID(); o.Boot != "" && boot != "" && o.Boot != boot {
		return false
	}
	return processAlive(o.PID, o.Start) || o.Child > 0 && groupAlive(o.Child)
}

// marker is the value of the supervision marker (supervisedEnv) for the
// child of this run.
func (o owner) marker() string { return strconv.Itoa(o.PID) + ":" + o.Nonce }

// supervisedByParent: this process is the child of a supervising run. The
// marker must name this process's parent and the nonce the parent wrote in
// the private temporary directory it gave this process: a marker set by an
// operator (BATON_BOX_SUPERVISED=1) or copied from another run verifies
// neither, and the run is supervised as usual.
func supervisedByParent(marker, tmpDir string) bool {
	pid, nonce, ok := strings.Cut(marker, ":")
	if !ok || nonce == "" || pid != strconv.Itoa(os.Getppid()) || tmpDir == "" {
		return false
	}
	o, ok := readOwner(tmpDir)
	return ok && o.PID == os.Getppid() && o.Nonce == nonce
}
