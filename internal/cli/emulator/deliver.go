package emulator

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/signin-notifier/signin-notifier/internal/core/eventbridge"
)

// maxResponseBody is how much of a response the trace keeps.
const maxResponseBody = 64 << 10

// deliver renders the target input and, when it is valid JSON, sends the
// request EventBridge would send to the API destination.
func (a *Assembly) deliver(ev *eventbridge.Event, ar arrival, r *rule, tg *target) Delivery {
	dest := tg.dest
	d := Delivery{
		Hop: ar.hop, Account: ar.bus.account, Region: ar.bus.region, Bus: ar.bus.name,
		Stack: r.stack, RuleLogicalID: r.logicalID, RulePath: r.path, RuleARN: r.arn,
		TargetID: tg.id, Destination: dest.logicalID, Method: dest.method,
	}
	body, err := tg.input.Render(ev, eventbridge.Context{RuleARN: r.arn, RuleName: r.name, IngestionTime: a.opts.Now()})
	if err != nil {
		var de *eventbridge.DropError
		if errors.As(err, &de) {
			d.Dropped, d.DropReason, d.Body = true, de.Reason, de.Rendered
			return d
		}
		d.Err = err
		return d
	}
	d.Body = body
	endpoint, err := invocationURL(dest.endpoint, tg.pathValues, tg.query, dest.conn.query)
	if err != nil {
		d.Err = err
		return d
	}
	d.Endpoint = endpoint
	if dest.conn.authType == "OAUTH_CLIENT_CREDENTIALS" {
		d.Err = fmt.Errorf("connection %s uses OAUTH_CLIENT_CREDENTIALS, which the emulator does not emulate: use API_KEY or BASIC", dest.conn.logicalID)
		return d
	}
	d.DialedURL = endpoint
	if a.opts.Endpoint != nil {
		d.DialedURL = a.opts.Endpoint(endpoint)
	}
	req, err := http.NewRequest(dest.method, d.DialedURL, bytes.NewReader(body))
	if err != nil {
		d.Err = fmt.Errorf("build request for %s: %w", d.DialedURL, err)
		return d
	}
	if u, err := url.Parse(endpoint); err == nil {
		req.Host = u.Host
	}
	req.Close = true
	setHeaders(req.Header, tg, dest.conn)
	d.Headers = req.Header.Clone()
	resp, err := a.opts.HTTPClient.Do(req)
	if err != nil {
		d.Err, d.Retryable = err, true
		return d
	}
	defer resp.Body.Close()
	d.StatusCode = resp.StatusCode
	d.ResponseBody, _ = io.ReadAll(io.LimitReader(resp.Body, maxResponseBody))
	d.Retryable = resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500
	return d
}

// setHeaders applies, in order of increasing precedence: the headers
// EventBridge always sends, the target's HeaderParameters, the connection's
// invocation header parameters and its authorization.
func setHeaders(h http.Header, tg *target, c *connection) {
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("User-Agent", "Amazon/EventBridge/ApiDestinations")
	h.Set("Range", "bytes=0-1048575")
	h.Set("Accept-Encoding", "gzip,deflate")
	for _, k := range sortedKeys(tg.headers) {
		h.Set(k, tg.headers[k])
	}
	for _, p := range c.headers {
		h.Set(p.Key, p.Value)
	}
	switch c.authType {
	case "API_KEY":
		h.Set(c.apiKeyName, c.apiKeyValue)
	case "BASIC":
		h.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(c.basicUser+":"+c.basicPass)))
	}
}

// invocationURL fills the endpoint's * wildcards with PathParameterValues in
// order and adds the query parameters (the connection's take precedence).
func invocationURL(endpoint string, pathValues []string, targetQuery map[string]string, connQuery []httpParam) (string, error) {
	if n := strings.Count(endpoint, "*"); n != len(pathValues) {
		return "", fmt.Errorf("invocation endpoint has %d * wildcards but the target has %d PathParameterValues: give one value per *", n, len(pathValues))
	}
	for _, v := range pathValues {
		endpoint = strings.Replace(endpoint, "*", v, 1)
	}
	if len(targetQuery) == 0 && len(connQuery) == 0 {
		return endpoint, nil
	}
	u, err := url.Parse(endpoint)
	if err != nil {
		return "", fmt.Errorf("invocation endpoint is not a URL: %v", err)
	}
	q := u.Query()
	for _, k := range sortedKeys(targetQuery) {
		q.Set(k, targetQuery[k])
	}
	for _, p := range connQuery {
		q.Set(p.Key, p.Value)
	}
	u.RawQuery = q.Encode()
	return u.String(), nil
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
