package bench

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// treePeaks samples the memory high-water mark (VmHWM) of a process and its
// descendants until stop is closed, and returns each process's peak in KiB
// by depth in the tree (0: the root). rusage's maxrss is no use here: at
// exec, Linux carries the parent's high-water mark into the child, so the
// benchmark's own memory would be counted as the connector's.
func treePeaks(root int, stop <-chan struct{}) map[int]int64 {
	peaks := map[int]int64{} // by depth
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		for pid, depth := range descendants(root) {
			if kb := vmHWM(pid); kb > peaks[depth] {
				peaks[depth] = kb
			}
		}
		select {
		case <-stop:
			return peaks
		case <-tick.C:
		}
	}
}

// descendants maps root and every process below it to its depth.
func descendants(root int) map[int]int {
	children := map[int][]int{}
	dirs, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, f := range dirs {
		raw, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		// "pid (comm) state ppid ...": comm may hold spaces, so cut at the last ')'.
		fields := strings.Fields(string(raw[bytes.LastIndexByte(raw, ')')+1:]))
		if len(fields) < 2 {
			continue
		}
		pid, _ := strconv.Atoi(strings.Fields(string(raw))[0])
		ppid, _ := strconv.Atoi(fields[1])
		children[ppid] = append(children[ppid], pid)
	}
	out := map[int]int{root: 0}
	queue := []int{root}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		for _, c := range children[p] {
			out[c] = out[p] + 1
			queue = append(queue, c)
		}
	}
	return out
}

func vmHWM(pid int) int64 {
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb
		}
	}
	return 0
}
