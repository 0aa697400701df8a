package eventbridge_test

import (
	"errors"
	"fmt"

	"github.com/signin-notifier/signin-notifier/internal/core/eventbridge"
)

func Example() {
	pattern, _ := eventbridge.ParsePattern([]byte(`{"source":["aws.signin"],"detail":{"userIdentity":{"type":["Root"]}}}`))
	event, _ := eventbridge.ParseEvent([]byte(`{"source":"aws.signin","detail":{"userIdentity":{"type":"Root"},"userAgent":"curl \"x\""}}`))
	fmt.Println("match:", pattern.MatchEvent(event))

	safe, _ := eventbridge.NewTransformer(map[string]string{"ua": "$.detail.userAgent"}, `{"text": <ua>}`)
	body, _ := safe.Render(event, eventbridge.Context{})
	fmt.Println(string(body))

	unsafe, _ := eventbridge.NewTransformer(map[string]string{"ua": "$.detail.userAgent"}, `{"text": "UA: <ua>"}`)
	_, err := unsafe.Render(event, eventbridge.Context{})
	fmt.Println("dropped:", errors.Is(err, eventbridge.ErrDropped))
	// Output:
	// match: true
	// {"text": "curl \"x\""}
	// dropped: true
}
