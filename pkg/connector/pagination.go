package connector

import (
	"encoding/json"
	"fmt"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Page tokens are small JSON documents, one struct per listing. The SDK
// stores them between calls; each call fetches exactly one Box page.

func decodeToken[T any](token string, into *T) error {
	if token == "" {
		return nil
	}
	if err := json.Unmarshal([]byte(token), into); err != nil {
		return status.Errorf(codes.InvalidArgument, "baton-box: malformed page token %q: %v", token, err)
	}
	return nil
}

func encodeToken[T any](state T) (string, error) {
	b, err := json.Marshal(state)
	if err != nil {
		return "", fmt.Errorf("baton-box: encoding page token: %w", err)
	}
	return string(b), nil
}
