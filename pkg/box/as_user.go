package box

// AsUser returns a client for the same app that acts as userID through a
// user access token (client-credentials grant with box_subject_type=user;
// the app needs App + Enterprise Access and "Generate User Access Tokens",
// developer.box.com/guides/authentication/client-credentials). It shares
// this client's transport, pacing and give-up budget; its calls count
// against the user's rate-limit budget (budgets.go). The connector uses it to act as the primary admin
// for the changes Box allows only the primary admin to make, and as admins
// and co-admins, whom Box refuses to name in the as-user header, to read
// and change their folders. A call through it whose as-user is that same
// user sends no header: the token already acts as them, and Box refuses a
// header that names the token's own user (as-user guide, Limitations).
func (c *Client) AsUser(userID string) (*Client, error) {
	if err := CheckIDs("user", userID); err != nil {
		return nil, err
	}
	cc := *c
	cc.tokens = c.tokens.forSubject(Subject{Type: "user", ID: userID})
	cc.user, cc.tokenUser = userID, userID
	return &cc, nil
}

// forSubject is a new token source for the same app and another subject.
func (ts *tokenSource) forSubject(subject Subject) *tokenSource {
	cfg := ts.cfg
	return newTokenSource(cfg.TokenURL, cfg.ClientID, cfg.ClientSecret, subject, ts.httpClient)
}

// AsServiceAccount returns a client for content the app's service account
// (userID, as users/me names it) owns itself: its token already acts as
// the service account, and Box refuses an as-user header naming the
// token's own user (as-user guide, Limitations), so a call whose as-user
// is userID sends no header. Everything else is shared with c.
func (c *Client) AsServiceAccount(userID string) (*Client, error) {
	if err := CheckIDs("user", userID); err != nil {
		return nil, err
	}
	cc := *c
	cc.user = userID
	return &cc, nil
}
