package supervisor

import (
	"fmt"
	"net/url"
	"os"
	"slices"
	"strings"

	"github.com/conductorone/baton-sdk/pkg/cli"
	"github.com/conductorone/baton-sdk/pkg/field"
	"github.com/spf13/cast"
	"github.com/spf13/cobra"
	"github.com/spf13/viper"

	"github.com/conductorone/baton-box/pkg/config"
)

// runMode is what a top-level run does with --file.
type runMode int

const (
	// modeUnknown: the flags did not parse (the child reports why) or name a
	// subcommand. The child runs unchanged.
	modeUnknown runMode = iota
	// modeSync writes --file: the supervisor points the child at a copy and
	// renames it into place on success.
	modeSync
	// modeReadsFile (--grant-entitlement, --revoke-grant) reads the
	// entitlement, principal or grant from --file.
	modeReadsFile
	// modeOther: the remaining one-shot tasks and daemon mode, which never
	// write --file.
	modeOther
)

// invocation is what the supervisor needs to know about a run. It is read
// with the SDK's own command definition, so flags, BATON_* variables and
// the config file resolve exactly as they will in the child.
type invocation struct {
	mode runMode
	task task
	file string // --file, for modeSync and modeReadsFile
	// tempDirBase is where the SDK would put its temporary files
	// (--c1z-temp-dir, else BATON_TMPDIR, else the OS default).
	tempDirBase string
	// trailingDash: the arguments end with "--", so flags the supervisor
	// adds go before it.
	trailingDash bool
	secrets      []string // values that must never be printed
	// verbose: --log-level debug, under which the relay leaves nothing out.
	verbose bool
	// help: the operator asked for --help, which the supervisor prints.
	help bool
	// The one-shot request, for saying what it did or explaining a failure.
	grantEntitlement, grantPrincipal, grantPrincipalType, revokeGrant string
	deleteResource, deleteResourceType, action, actionArgs            string
	// syncFolders: --sync-folders (progress covers the folder walk).
	syncFolders bool
	// targets are the resources of a targeted sync (--sync-resources,
	// targeted.go); nil for a full sync.
	targets []target
	// usageErr is a flag problem the SDK does not catch; the run stops
	// before the child starts.
	usageErr *exitError
	// badFlags: the flags do not parse or fail the SDK's own checks (an
	// unknown flag, a bad value, a required flag missing). The child says
	// what is wrong, as the SDK does; the run exits with the bad-input
	// status, where the SDK's would be 2 (Unknown).
	badFlags bool
}

// parseInvocation parses args with the SDK's flag set without running
// anything: subcommands and help are left to the child.
func parseInvocation(args []string) invocation {
	v, cmd, err := defineCommand()
	if err != nil {
		return invocation{}
	}
	// Secrets are collected even from arguments that do not parse (flags
	// before the bad one, the environment, the config file): the child
	// will print its complaint through the same filter.
	parseErr := cmd.ParseFlags(args)
	if err := v.BindPFlags(cmd.Flags()); err != nil {
		return invocation{}
	}
	if helpRequested(parseErr, cmd, args) {
		return invocation{help: true}
	}
	if parseErr != nil || len(cmd.Flags().Args()) > 0 {
		return invocation{secrets: secretValues(v), verbose: isDebug(v),
			badFlags: parseErr != nil || !isSubcommand(cmd, cmd.Flags().Arg(0))}
	}
	inv := invocation{
		task:               taskOf(v),
		file:               v.GetString(flagFile),
		tempDirBase:        v.GetString(flagC1ZTempDir),
		trailingDash:       len(args) > 0 && args[len(args)-1] == "--" && cmd.Flags().ArgsLenAtDash() == 0,
		grantEntitlement:   v.GetString(flagGrantEntitlement),
		grantPrincipal:     v.GetString(flagGrantPrincipal),
		grantPrincipalType: v.GetString(flagGrantPrincipalType),
		revokeGrant:        v.GetString(flagRevokeGrant),
		deleteResource:     v.GetString(flagDeleteResource),
		deleteResourceType: v.GetString(flagDeleteResourceType),
		action:             v.GetString(flagInvokeAction),
		actionArgs:         v.GetString(flagInvokeActionArgs),
		syncFolders:        v.GetBool(config.SyncFoldersField.FieldName),
		secrets:            secretValues(v),
		verbose:            isDebug(v),
		usageErr:           checkFlags(cmd, v),
		badFlags:           sdkRefuses(cmd, v) != nil,
	}
	inv.mode = modeOf(inv.task)
	if inv.file == "" && inv.mode != modeOther {
		inv.mode = modeUnknown
	}
	if inv.mode == modeSync && inv.usageErr == nil {
		inv.targets, inv.usageErr = parseTargets(v.GetStringSlice(flagSyncResources), strings.TrimSpace(v.GetString(config.EnterpriseIDField.FieldName)))
	}
	return inv
}

// task is the one-shot task a run does.
type task int

const (
	taskSync task = iota
	taskGrant
	taskRevoke
	taskEventFeed
	taskCreateAccount
	taskAction
	taskDelete
	// taskOther: listing action schemas, rotating credentials, tickets,
	// compaction; what they print stands alone.
	taskOther
	taskDaemon
)

// taskOf follows the dispatch of the SDK's main command
// (baton-sdk pkg/cli/commands.go, MakeMainCommand): daemon mode first, then
// the first one-shot task flag set, else a sync.
func taskOf(v *viper.Viper) task {
	switch {
	case v.GetString(flagClientID) != "":
		return taskDaemon
	case v.GetString(flagGrantEntitlement) != "":
		return taskGrant
	case v.GetString(flagRevokeGrant) != "":
		return taskRevoke
	case v.GetBool(flagEventFeed):
		return taskEventFeed
	case v.GetString(flagCreateAccountProfile) != "", v.GetString(flagCreateAccountLogin) != "":
		return taskCreateAccount
	case v.GetString(flagInvokeAction) != "":
		return taskAction
	case v.GetBool(flagListActionSchemas):
		return taskOther
	case v.GetString(flagDeleteResource) != "":
		return taskDelete
	case v.GetString(flagRotateCredentials) != "",
		v.GetBool(flagCreateTicket), v.GetBool(flagBulkCreateTicket),
		v.GetBool(flagListTicketSchemas), v.GetBool(flagGetTicket),
		v.GetBool(flagCompactSyncs):
		return taskOther
	}
	return taskSync
}

// modeOf is what a task does with --file.
func modeOf(t task) runMode {
	switch t {
	case taskSync:
		return modeSync
	case taskGrant, taskRevoke:
		return modeReadsFile
	case taskEventFeed, taskCreateAccount, taskAction, taskDelete, taskOther, taskDaemon:
	}
	return modeOther
}

// runsDirectly: a daemon run whose flags pass every check, which the SDK
// runs in this process, without the supervisor (Supervises, doc.go).
func (inv invocation) runsDirectly() bool {
	return inv.task == taskDaemon && !inv.help && inv.usageErr == nil && !inv.badFlags
}

// isDebug: the run logs at debug level.
func isDebug(v *viper.Viper) bool {
	return strings.EqualFold(strings.TrimSpace(v.GetString(flagLogLevel)), "debug")
}

// secretValues are the configured secrets (the schema's secret fields and
// ConductorOne's client secret) and the user-info of --base-url.
func secretValues(v *viper.Viper) []string {
	var out []string
	for _, f := range config.Config.Fields {
		if f.Secret {
			out = append(out, v.GetString(f.FieldName))
		}
	}
	out = append(out, v.GetString(flagClientSecret))
	if u, err := url.Parse(v.GetString(config.BaseURLField.FieldName)); err == nil && u.User != nil {
		pw, _ := u.User.Password()
		out = append(out, u.User.String(), pw)
	}
	return out
}

// isSubcommand: name is one of the command's subcommands (capabilities,
// config, ...), not a stray argument.
func isSubcommand(cmd *cobra.Command, name string) bool {
	for _, c := range cmd.Commands() {
		if c.Name() == name || c.HasAlias(name) {
			return true
		}
	}
	return false
}

// sdkRefuses runs the checks the child will run on its flags before it does
// anything (cobra's, then the SDK's main command's, baton-sdk
// pkg/cli/commands.go): required flags, flag groups, the schema's rules.
func sdkRefuses(cmd *cobra.Command, v *viper.Viper) error {
	if err := cmd.ValidateRequiredFlags(); err != nil {
		return err
	}
	if err := cmd.ValidateFlagGroups(); err != nil {
		return err
	}
	decode := field.WithAdditionalDecodeHooks(field.FileUploadDecodeHook(true))
	cfg, err := cli.MakeGenericConfiguration[*config.Box](v, decode)
	if err != nil {
		return err
	}
	return field.Validate(config.Config, cfg, field.WithAuthMethod(v.GetString(flagAuthMethod)))
}

// checkFlags catches what the SDK reads silently wrong.
func checkFlags(cmd *cobra.Command, v *viper.Viper) *exitError {
	if err := checkEmptyIDs(cmd, v); err != nil {
		return err
	}
	if err := checkUnsupported(cmd, v); err != nil {
		return err
	}
	// The SDK reads --event-feed-start-at with viper's GetTime, which turns
	// anything it cannot parse into the zero time: the feed would start at
	// the beginning of Box's event history.
	if s := v.GetString(flagEventFeedStartAt); s != "" {
		if _, err := cast.ToTimeE(s); err != nil {
			return usageError("--event-feed-start-at %q is not a time: use RFC 3339, e.g. 2026-11-01T00:00:00Z", s)
		}
	}
	if err := checkLogLevel(v); err != nil {
		return err
	}
	return checkAccountLogin(v)
}

// checkLogLevel refuses the levels above error that zap accepts: they hide
// the SDK's error record of a failed task, which is how a supervised run
// learns that a child exiting 0 failed (sdk_strings.go), so a failed sync
// would replace the last good --file.
func checkLogLevel(v *viper.Viper) *exitError {
	level := strings.ToLower(strings.TrimSpace(v.GetString(flagLogLevel)))
	if slices.Contains([]string{"dpanic", "panic", "fatal"}, level) {
		return usageError("--log-level %q would hide a failed run's error, and the run could not tell a failed sync from a good one: use debug, info, warn or error", level)
	}
	return nil
}

// checkAccountLogin: a Box login is the user's e-mail address, and the
// connector takes it from the profile's "email", else the login, else the
// e-mail; the SDK fills the profile from the flags only where a key is
// missing. Two different addresses would silently lose one, so they must
// agree.
func checkAccountLogin(v *viper.Viper) *exitError {
	type source struct{ name, value string }
	sources := []source{
		{"--create-account-login", v.GetString(flagCreateAccountLogin)},
		{"--create-account-email", v.GetString(flagCreateAccountEmail)},
	}
	if v.GetString(flagCreateAccountProfile) != "" {
		profile := v.GetStringMap(flagCreateAccountProfile)
		for _, key := range []string{"login", "email"} {
			if s, ok := profile[key].(string); ok {
				sources = append(sources, source{fmt.Sprintf("--create-account-profile %q", key), s})
			}
		}
	}
	var first source
	for _, s := range sources {
		value := strings.TrimSpace(s.value)
		switch {
		case value == "":
		case first.value == "":
			first = source{s.name, value}
		case !strings.EqualFold(value, first.value):
			return usageError("%s (%s) and %s (%s) differ: a Box login is the user's e-mail address; give one address, or the same one in both",
				first.name, first.value, s.name, value)
		}
	}
	return nil
}

// oneShotIDFlags name what a one-shot task acts on. The SDK reads an empty
// value as no value at all: --delete-resource "" runs a full sync and exits
// 0, so an unset shell variable looks like a successful delete. Given
// empty, they are refused.
var oneShotIDFlags = []string{
	flagGrantEntitlement, flagGrantPrincipal, flagGrantPrincipalType, flagRevokeGrant,
	flagDeleteResource, flagDeleteResourceType, flagRotateCredentials, flagRotateCredentialsType,
	flagInvokeAction, flagInvokeActionResourceType,
	flagCreateAccountLogin, flagCreateAccountEmail, flagCreateAccountProfile, flagCreateAccountResourceType,
	flagEventFeedID, flagTicketID,
}

// checkEmptyIDs refuses a one-shot flag given empty on the command line, in
// its BATON_* variable or in the config file.
func checkEmptyIDs(cmd *cobra.Command, v *viper.Viper) *exitError {
	for _, f := range field.DefaultFields {
		name := f.FieldName
		if !slices.Contains(oneShotIDFlags, name) || v.GetString(name) != "" {
			continue
		}
		what := "it takes a value"
		if f.Description != "" {
			what = "it takes " + strings.ToLower(f.Description[:1]) + f.Description[1:]
		}
		env := envName(name)
		envValue, envSet := os.LookupEnv(env)
		// The SDK sets a flag from the config file as if given (cli.VisitFlags),
		// and not from an empty variable.
		given := cmd.Flags().Changed(name)
		switch {
		case given && v.InConfig(name):
			return usageError("--%s is empty (on the command line or in the config file): %s", name, what)
		case given:
			return usageError("--%s is empty: %s (is a shell variable unset?)", name, what)
		case envSet && envValue == "":
			return usageError("%s (--%s) is set but empty: %s (is a shell variable unset?)", env, name, what)
		}
	}
	return nil
}

func usageError(format string, args ...any) *exitError {
	return &exitError{code: exitBadInput, msg: "baton-box: " + fmt.Sprintf(format, args...)}
}
