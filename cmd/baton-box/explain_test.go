package main

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
	joined := cause + "\ncontext canceled\ncontext canceled"
	for code, want := range map[int]int{10: 10, 0: 10} {
		if why := runError(joined, "", code); why == nil || why.msg != cause || why.code != want {
			t.Errorf("exit %d: %+v, want %q with code %d", code, why, cause, want)
		}
	}
	if why := runError(cause, "", 10); why != nil {
		t.Errorf("a single failure was replaced by %+v", why)
	}
	if why := runError(cause, "", 0); why == nil || why.msg != cause || why.code != 10 {
		t.Errorf("raced exit 0: %+v, want the failure with code 10 (Aborted)", why)
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
