package supervisor

import "testing"

func TestActionFailureReadsTheSDKsReport(t *testing.T) {
	report := `runner: error processing task: action invoke failed: fields:{key:"error_code"  value:{string_value:"NotFound"}} ` +
		`fields:{key:"error" value:{string_value:"baton-box: disable_user (user 9): \"quoted\""}}`
	e := actionFailure(report)
	if e == nil || e.code != 5 || e.msg != `baton-box: disable_user (user 9): "quoted"` {
		t.Fatalf("%+v", e)
	}
	if e := actionFailure(`action invoke failed: fields:{key:"error" value:{string_value:"x"}}`); e == nil || e.code != exitUnknown {
		t.Fatalf("without a code: %+v", e)
	}
	for _, other := range []string{"rpc error: code = NotFound desc = no", "action invoke failed: not a struct {"} {
		if e := actionFailure(other); e != nil {
			t.Errorf("%q read as an action failure: %+v", other, e)
		}
	}
}

// The SDK joins the failure with what the workers it cancelled ended with,
// cause first: the run ends with the cause, and with the SDK's status, or
// the cause's when the child raced to exit 0.
func TestRunErrorEndsAJoinedFailureWithItsCause(t *testing.T) {
	cause := "runner: error processing task: rpc error: code = Aborted desc = baton-box: list users: gave up after 3s"
	plain := "baton-box: list users: gave up after 3s"
	joined := cause + "\ncontext canceled\ncontext canceled"
	for code, want := range map[int]int{10: 10, 0: 10} {
		if why := runError(joined, "", code); why == nil || why.msg != plain || why.code != want {
			t.Errorf("exit %d: %+v, want %q with code %d", code, why, plain, want)
		}
	}
	if why := runError(cause, "", 0); why == nil || why.msg != plain || why.code != 10 {
		t.Errorf("raced exit 0: %+v, want the failure with code 10 (Aborted)", why)
	}
	if why := runError("", "", 3); why != nil {
		t.Errorf("no failure logged, yet replaced by %+v", why)
	}
}

// A failed run ends with the error alone: no runner prefix, no gRPC
// status text (its code is the exit status), no builder's "grant failed".
func TestRunErrorIsTheErrorWithoutTheSDKsWrapping(t *testing.T) {
	cases := map[string]string{
		"runner: error processing task: rpc error: code = FailedPrecondition desc = grant failed: rpc error: code = FailedPrecondition desc = " +
			"baton-box: grant role co-admin (user 1): refusing": "baton-box: grant role co-admin (user 1): refusing",
		"runner: error processing task: rpc error: code = Unavailable desc = error: listing resources failed: rpc error: code = Unavailable desc = " +
			"connection refused": "baton-box: connection refused",
		"runner: error processing task: invalid resource type 'usr' in filter": "baton-box: invalid resource type 'usr' in filter",
		"runner: error processing task: pebble: not found":                     "baton-box: pebble: not found",
	}
	for failure, want := range cases {
		why := runError(failure, "", 9)
		if why == nil || why.msg != want || why.code != 9 {
			t.Errorf("%q:\n got %+v\nwant %q with the SDK's status 9", failure, why, want)
		}
	}
}

func TestExitCodeOfReadsTheOutermostStatus(t *testing.T) {
	cases := map[string]int{
		"runner: error processing task: rpc error: code = Unauthenticated desc = validate failed: rpc error: code = NotFound desc = x": 16,
		"runner: error processing task: invalid resource type 'usr' in filter":                                                         exitUnknown,
		"rpc error: code = NoSuchCode desc = x":                                                                                        exitUnknown,
	}
	for failure, want := range cases {
		if got := exitCodeOf(failure); got != want {
			t.Errorf("%q: %d, want %d", failure, got, want)
		}
	}
}
