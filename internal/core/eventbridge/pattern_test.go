package eventbridge

import (
	"strings"
	"testing"
)

// Doc sections cited below are from the Amazon EventBridge User Guide:
//   CF  = "Content filtering in Amazon EventBridge event patterns"
//         (eb-event-patterns-content-based-filtering.html), with the named
//         subsection.
//   ARR = "Matching on arrays" (eb-event-patterns-arrays.html)
//   NUL = "Matching on null values and empty strings"
//         (eb-event-patterns-null-values.html)
//   EP  = "Event patterns" (eb-event-patterns.html)
// "AWS-validated" rows come from LocalStack event-pattern fixtures that were
// recorded against real EventBridge (TestEventPattern), cited by file name.

const ec2Event = `{
  "version": "0", "id": "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
  "detail-type": "EC2 Instance State-change Notification", "source": "aws.ec2",
  "account": "111122223333", "time": "2017-12-22T18:43:48Z", "region": "us-west-1",
  "resources": ["arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0"],
  "detail": {"instance-id": "i-1234567890abcdef0", "state": "terminated", "c-count": 5, "d-count": 3, "x-limit": 301.8,
             "sourceIPAddress": "10.0.0.123", "FileName": "image.png", "FilePath": "dir/init/file",
             "service": "EventBridge", "EventBusArn": "arn:aws:events:us-east-1:123456789012:event-bus/myEventBus"}
}`

type matchCase struct {
	name    string
	pattern string
	event   string
	want    bool
}

func runMatchCases(t *testing.T, cases []matchCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p, err := ParsePattern([]byte(tc.pattern))
			if err != nil {
				t.Fatalf("ParsePattern(%s): %v", tc.pattern, err)
			}
			got, err := p.Match([]byte(tc.event))
			if err != nil {
				t.Fatalf("Match: %v", err)
			}
			if got != tc.want {
				t.Errorf("pattern %s on event %s: got %v, want %v", tc.pattern, tc.event, got, tc.want)
			}
		})
	}
}

func TestMatch_AWSDocumentedExamples(t *testing.T) {
	runMatchCases(t, []matchCase{
		// CF "Prefix matching": matches "time": "2017-10-02T18:43:48Z".
		{"prefix/doc", `{"time":[{"prefix":"2017-10-02"}]}`, `{"time":"2017-10-02T18:43:48Z"}`, true},
		{"prefix/doc other day", `{"time":[{"prefix":"2017-10-02"}]}`, `{"time":"2017-10-03T18:43:48Z"}`, false},
		// CF "Prefix matching while ignoring case".
		{"prefix ignore case/doc", `{"detail":{"service":[{"prefix":{"equals-ignore-case":"EventB"}}]}}`, ec2Event, true},
		{"prefix ignore case/lower", `{"detail":{"service":[{"prefix":{"equals-ignore-case":"eventb"}}]}}`, ec2Event, true},
		{"prefix is case-sensitive", `{"detail":{"service":[{"prefix":"eventb"}]}}`, ec2Event, false},
		// CF "Suffix matching" and "Suffix matching while ignoring case".
		{"suffix/doc", `{"detail":{"FileName":[{"suffix":".png"}]}}`, ec2Event, true},
		{"suffix/miss", `{"detail":{"FileName":[{"suffix":".jpg"}]}}`, ec2Event, false},
		{"suffix ignore case/doc", `{"detail":{"FileName":[{"suffix":{"equals-ignore-case":".PNG"}}]}}`, ec2Event, true},
		// CF "Anything-but matching": the documented patterns.
		{"anything-but string/doc", `{"detail":{"state":[{"anything-but":"initializing"}]}}`, ec2Event, true},
		{"anything-but string/excluded", `{"detail":{"state":[{"anything-but":"terminated"}]}}`, ec2Event, false},
		{"anything-but number/doc", `{"detail":{"x-limit":[{"anything-but":123}]}}`, ec2Event, true},
		{"anything-but string list/doc", `{"detail":{"state":[{"anything-but":["stopped","overloaded"]}]}}`, ec2Event, true},
		{"anything-but string list/excluded", `{"detail":{"state":[{"anything-but":["stopped","terminated"]}]}}`, ec2Event, false},
		{"anything-but number list/doc", `{"detail":{"x-limit":[{"anything-but":[100,200,300]}]}}`, ec2Event, true},
		{"anything-but number list/excluded", `{"detail":{"c-count":[{"anything-but":[5,6]}]}}`, ec2Event, false},
		{"anything-but prefix/doc", `{"detail":{"state":[{"anything-but":{"prefix":"init"}}]}}`, ec2Event, true},
		{"anything-but prefix/excluded", `{"detail":{"state":[{"anything-but":{"prefix":"term"}}]}}`, ec2Event, false},
		// CF "Anything-but matching" (suffix, ignore-case and wildcard forms on the live page).
		{"anything-but suffix/doc", `{"detail":{"FileName":[{"anything-but":{"suffix":".txt"}}]}}`, ec2Event, true},
		{"anything-but suffix/excluded", `{"detail":{"FileName":[{"anything-but":{"suffix":".png"}}]}}`, ec2Event, false},
		{"anything-but equals-ignore-case/doc", `{"detail":{"state":[{"anything-but":{"equals-ignore-case":["Stopped","OverLoaded"]}}]}}`, ec2Event, true},
		{"anything-but equals-ignore-case/excluded", `{"detail":{"state":[{"anything-but":{"equals-ignore-case":"TERMINATED"}}]}}`, ec2Event, false},
		{"anything-but wildcard/doc", `{"detail":{"FilePath":[{"anything-but":{"wildcard":"*/lib/*"}}]}}`, ec2Event, true},
		{"anything-but wildcard/excluded", `{"detail":{"FilePath":[{"anything-but":{"wildcard":["*/lib/*","*/init/*"]}}]}}`, ec2Event, false},
		// CF "Numeric matching": all three fields must hold.
		{"numeric/doc", `{"detail":{"c-count":[{"numeric":[">",0,"<=",5]}],"d-count":[{"numeric":["<",10]}],"x-limit":[{"numeric":["=",3.018e2]}]}}`, ec2Event, true},
		{"numeric/upper bound exclusive", `{"detail":{"c-count":[{"numeric":[">",0,"<",5]}]}}`, ec2Event, false},
		{"numeric/lower bound exclusive", `{"detail":{"c-count":[{"numeric":[">",5]}]}}`, ec2Event, false},
		{"numeric/>= inclusive", `{"detail":{"c-count":[{"numeric":[">=",5]}]}}`, ec2Event, true},
		// CF "IP address matching".
		{"cidr v4/doc", `{"detail":{"sourceIPAddress":[{"cidr":"10.0.0.0/24"}]}}`, ec2Event, true},
		{"cidr v4/outside", `{"detail":{"sourceIPAddress":[{"cidr":"10.0.1.0/24"}]}}`, ec2Event, false},
		{"cidr v6/doc", `{"detail":{"ip":[{"cidr":"2001:db8:1234:1a00::/64"}]}}`, `{"detail":{"ip":"2001:db8:1234:1a00::1"}}`, true},
		{"cidr v6/outside", `{"detail":{"ip":[{"cidr":"2001:db8:1234:1a00::/64"}]}}`, `{"detail":{"ip":"2001:db8:1234:1b00::1"}}`, false},
		// CF "Exists matching": matches an event without detail.c-count ...
		{"exists false/doc absent", `{"detail":{"c-count":[{"exists":false}]}}`, `{"detail":{"state":["initializing","running"]}}`, true},
		// ... and also one where c-count is an object, "because c-count isn't a leaf node".
		{"exists false/doc intermediate node", `{"detail":{"c-count":[{"exists":false}]}}`, `{"detail":{"state":["initializing","running"],"c-count":{"c1":100}}}`, true},
		{"exists false/present leaf", `{"detail":{"c-count":[{"exists":false}]}}`, ec2Event, false},
		{"exists true/present leaf", `{"detail":{"c-count":[{"exists":true}]}}`, ec2Event, true},
		{"exists true/absent", `{"detail":{"e-count":[{"exists":true}]}}`, ec2Event, false},
		// CF "Exists matching": exists does not work on intermediate nodes (AWS-validated exists_dynamodb_NEG).
		{"exists true/intermediate node", `{"dynamodb":{"presentKey":[{"exists":true}]}}`, `{"dynamodb":{"presentKey":{"S":"test123"}}}`, false},
		// CF "Equals-ignore-case matching".
		{"equals-ignore-case/doc", `{"detail-type":[{"equals-ignore-case":"ec2 instance state-change notification"}]}`, ec2Event, true},
		// CF "Wildcard matching".
		{"wildcard/doc", `{"detail":{"EventBusArn":[{"wildcard":"arn:aws:events:us-east-1:*:event-bus/*"}]}}`, ec2Event, true},
		{"wildcard/other region", `{"detail":{"EventBusArn":[{"wildcard":"arn:aws:events:eu-west-1:*:event-bus/*"}]}}`, ec2Event, false},
		{"wildcard/doc dir", `{"detail":{"FilePath":[{"wildcard":"dir/*/file"}]}}`, ec2Event, true},
		// CF "Complex example with multiple matching".
		{"complex/doc", `{"time":[{"prefix":"2017-12-22"}],"detail":{"state":[{"anything-but":"initializing"}],"c-count":[{"numeric":[">",0,"<=",5]}],"d-count":[{"numeric":["<",10]}],"x-limit":[{"anything-but":[100,200,300]}]}}`, ec2Event, true},
		// CF "Complex example with $or matching": the two documented shapes.
		{"$or nested/doc", `{"detail":{"$or":[{"c-count":[{"numeric":[">",0,"<=",5]}]},{"d-count":[{"numeric":["<",10]}]}]}}`, ec2Event, true},
		{"$or top-level/doc", `{"source":["aws.cloudwatch"],"$or":[{"metricName":["CPUUtilization","ReadLatency"]},{"namespace":["AWS/EC2","AWS/ES"]}]}`, `{"source":"aws.cloudwatch","namespace":"AWS/EC2"}`, true},
		{"$or top-level/no alternative", `{"source":["aws.cloudwatch"],"$or":[{"metricName":["CPUUtilization","ReadLatency"]},{"namespace":["AWS/EC2","AWS/ES"]}]}`, `{"source":"aws.cloudwatch","namespace":"AWS/RDS"}`, false},
		{"$or top-level/other fields still ANDed", `{"source":["aws.cloudwatch"],"$or":[{"metricName":["CPUUtilization"]},{"namespace":["AWS/EC2"]}]}`, `{"source":"aws.ec2","namespace":"AWS/EC2"}`, false},
		// NUL: null and empty string are values.
		{"null/doc", `{"detail":{"responseElements":[null]}}`, `{"detail":{"responseElements":null}}`, true},
		{"null/not missing", `{"detail":{"responseElements":[null]}}`, `{"detail":{}}`, false},
		{"empty string/doc", `{"detail":{"eventVersion":[""]}}`, `{"detail":{"eventVersion":""}}`, true},
		// ARR: an event array matches if any element is in the pattern list.
		{"arrays/doc", `{"resources":["arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f","arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0"]}`, ec2Event, true},
		{"arrays/no common element", `{"resources":["arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f"]}`, ec2Event, false},
		// EP: matching is exact and case-sensitive, fields are ANDed.
		{"exact/and", `{"source":["aws.ec2"],"detail-type":["EC2 Instance State-change Notification"]}`, ec2Event, true},
		{"exact/case-sensitive", `{"source":["AWS.EC2"]}`, ec2Event, false},
	})
}

func TestMatch_EdgeCases(t *testing.T) {
	runMatchCases(t, []matchCase{
		// AWS-validated content_anything_but_string_null: anything-but matches null.
		{"anything-but matches null", `{"detail":{"state":[{"anything-but":"initializing"}]}}`, `{"detail":{"state":null}}`, true},
		// AWS-validated content_anything_but_string_missing_NEG: not a missing field.
		{"anything-but does not match missing", `{"detail":{"state":[{"anything-but":"initializing"}]}}`, `{"detail":{}}`, false},
		{"anything-but prefix does not match missing", `{"detail":{"state":[{"anything-but":{"prefix":"init"}}]}}`, `{"detail":{}}`, false},
		// AWS-validated content_anything_prefix_int_value: non-strings are not excluded.
		{"anything-but prefix matches a number", `{"detail":{"state":[{"anything-but":{"prefix":"init"}}]}}`, `{"detail":{"state":12}}`, true},
		// AWS-validated content_anything_prefix_list.
		{"anything-but prefix list", `{"detail":{"state":[{"anything-but":{"prefix":["init","test"]}}]}}`, `{"detail":{"state":"post-init"}}`, true},
		// AWS-validated content_anything_wildcard_empty.
		{"anything-but empty wildcard", `{"detail":{"FilePath":[{"anything-but":{"wildcard":""}}]}}`, ec2Event, true},
		// AWS-validated arrays_empty_null_NEG and exists_list_empty_NEG: [] has no leaf.
		{"[null] does not match []", `{"resources":[null]}`, `{"resources":[]}`, false},
		{"exists true does not match []", `{"resources":[{"exists":true}]}`, `{"resources":[]}`, false},
		{"exists false matches []", `{"resources":[{"exists":false}]}`, `{"resources":[]}`, true},
		// AWS-validated or-exists-parent: a missing parent is a missing leaf.
		{"exists false with missing parent", `{"dynamodb":{"NewImage":{"homemade":{"S":[{"anything-but":["roses"]},{"exists":false}]}}}}`, `{"dynamodb":{"NewImage":{"purchased":{"N":"789"}}}}`, true},
		// AWS-validated list_within_dict: a nested pattern matches any array element.
		{"nested pattern over array of objects", `{"detail":{"automations":{"id":[{"exists":true}]}}}`, `{"detail":{"automations":[{"key1":"value1"},{"id":"x"}]}}`, true},
		{"nested fields must hold in one element", `{"detail":{"a":{"x":["1"],"y":["2"]}}}`, `{"detail":{"a":[{"x":"1"},{"y":"2"}]}}`, false},
		{"nested fields in the same element", `{"detail":{"a":{"x":["1"],"y":["2"]}}}`, `{"detail":{"a":[{"x":"1","y":"2"}]}}`, true},
		// AWS-validated nested_json_NEG: a JSON string is not parsed.
		{"JSON inside a string is not an object", `{"detail":{"my-key":["my-value"]}}`, `{"detail":"{\"my-key\": \"my-value\"}"}`, false},
		// AWS-validated dot_joining_event: a dotted key is not a path.
		{"dotted key is literal", `{"detail":{"state":{"status":["running"]}}}`, `{"detail":{"state.status":"running"}}`, false},
		// AWS-validated numeric-int-float.
		{"numeric float event", `{"number":[{"numeric":[">",100]}]}`, `{"number":101.0}`, true},
		{"numeric does not match a string", `{"number":[{"numeric":[">",100]}]}`, `{"number":"101"}`, false},
		{"numeric does not match null", `{"number":[{"numeric":[">",100]}]}`, `{"number":null}`, false},
		{"numeric event value above 5e9", `{"number":[{"numeric":[">",0]}]}`, `{"number":6e9}`, false},
		{"exact number is numeric", `{"n":[5]}`, `{"n":5.0}`, true},
		{"exact number is not a string", `{"n":[5]}`, `{"n":"5"}`, false},
		{"exact string is not a number", `{"n":["5"]}`, `{"n":5}`, false},
		{"exact boolean", `{"b":[true]}`, `{"b":true}`, true},
		{"boolean is not a string", `{"b":["true"]}`, `{"b":true}`, false},
		{"object value never matches a value list", `{"detail":["x"]}`, `{"detail":{"x":1}}`, false},
		{"prefix does not match a number", `{"n":[{"prefix":"5"}]}`, `{"n":55}`, false},
		{"nested arrays are flattened", `{"a":["x"]}`, `{"a":[["y",["x"]]]}`, true},
		{"array of objects has no leaf", `{"a":[{"exists":true}]}`, `{"a":[{"b":1}]}`, false},
		{"cidr ignores non-IP strings", `{"ip":[{"cidr":"10.0.0.0/8"}]}`, `{"ip":"not-an-ip"}`, false},
		{"cidr v4 prefix matches v4-mapped v6", `{"ip":[{"cidr":"10.0.0.0/8"}]}`, `{"ip":"::ffff:10.1.2.3"}`, true},
		{"wildcard escaped star is literal", `{"f":[{"wildcard":"a\\*b"}]}`, `{"f":"a*b"}`, true},
		{"wildcard escaped star is not a wildcard", `{"f":[{"wildcard":"a\\*b"}]}`, `{"f":"axxb"}`, false},
		{"wildcard escaped backslash", `{"f":[{"wildcard":"a\\\\*"}]}`, `{"f":"a\\zzz"}`, true},
		{"wildcard star matches empty", `{"f":[{"wildcard":"a*b*c"}]}`, `{"f":"abc"}`, true},
		{"wildcard anchored at both ends", `{"f":[{"wildcard":"a*c"}]}`, `{"f":"abcd"}`, false},
		{"wildcard without star is exact", `{"f":[{"wildcard":"abc"}]}`, `{"f":"abcd"}`, false},
		{"wildcard overlapping ends", `{"f":[{"wildcard":"ab*ba"}]}`, `{"f":"aba"}`, false},
		{"equals-ignore-case on empty", `{"f":[{"equals-ignore-case":""}]}`, `{"f":""}`, true},
		{"duplicate key: last one is used", `{"source":["a"],"source":["b"]}`, `{"source":"b"}`, true},
		{"duplicate key: first one is ignored", `{"source":["a"],"source":["b"]}`, `{"source":"a"}`, false},
		{"$or inside $or", `{"$or":[{"a":["1"]},{"$or":[{"b":["2"]},{"c":["3"]}]}]}`, `{"c":"3"}`, true},
		{"$or applies per array element", `{"d":{"$or":[{"x":["1"]},{"y":["2"]}],"z":["3"]}}`, `{"d":[{"x":"1"},{"y":"2","z":"3"}]}`, true},
		// Sign-in patterns this project builds on (content filtering: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html).
		{"sign-in/no MFA, ignore case", `{"detail":{"additionalEventData":{"MFAUsed":[{"equals-ignore-case":"no"}]}}}`, `{"detail":{"additionalEventData":{"MFAUsed":"No"}}}`, true},
		{"sign-in/MFA YES upper case", `{"detail":{"additionalEventData":{"MFAUsed":[{"equals-ignore-case":"no"}]}}}`, `{"detail":{"additionalEventData":{"MFAUsed":"YES"}}}`, false},
		{"sign-in/exclude Identity Center", `{"detail":{"userIdentity":{"arn":[{"anything-but":{"wildcard":"*:assumed-role/AWSReservedSSO_*"}}]}}}`, `{"detail":{"userIdentity":{"arn":"arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_Admin_abc/jane"}}}`, false},
		{"sign-in/keep other roles", `{"detail":{"userIdentity":{"arn":[{"anything-but":{"wildcard":"*:assumed-role/AWSReservedSSO_*"}}]}}}`, `{"detail":{"userIdentity":{"arn":"arn:aws:sts::111111111111:assumed-role/Admin/jane"}}}`, true},
		{"sign-in/failure", `{"detail":{"responseElements":{"ConsoleLogin":["Failure"]}}}`, `{"detail":{"responseElements":{"ConsoleLogin":"Failure"}}}`, true},
		{"sign-in/root has no userName", `{"detail":{"userIdentity":{"userName":[{"exists":false}]}}}`, `{"detail":{"userIdentity":{"type":"Root"}}}`, true},
	})
}

func TestParsePattern_Rejects(t *testing.T) {
	long := `{"source":["` + strings.Repeat("a", MaxPatternLength) + `"]}`
	orBlowup := `{"$or":[` + strings.Repeat(`{"a":["1"]},`, 40) + `{"a":["1"]}],"b":{"$or":[` + strings.Repeat(`{"c":["1"]},`, 30) + `{"c":["1"]}]}}`
	cases := []struct {
		name, pattern, wantErr string
	}{
		{"not JSON", `{"source": [`, "not valid JSON"},
		{"not an object", `["aws.signin"]`, "must be a JSON object"},
		{"empty pattern", `{}`, "event pattern is empty"},
		{"too long", long, "over the EventBridge limit of 2048"},
		// AWS-validated string_nolist_EXC / int_nolist_EXC.
		{"scalar instead of list", `{"string":"my-value"}`, `"string" must be an object or an array`},
		{"number instead of list", `{"int":42}`, `"int" must be an object or an array`},
		// AWS-validated arrays_empty_EXC.
		{"empty array", `{"resources":[]}`, "empty arrays are not allowed"},
		{"empty nested object", `{"detail":{}}`, "empty objects are not allowed"},
		{"array inside value list", `{"a":[["x"]]}`, "must not contain arrays"},
		// AWS-validated operator_case_sensitive_EXC / content_numeric_operatorcasing_EXC.
		{"unknown operator", `{"a":[{"EXISTS":true}]}`, `unrecognized match type "EXISTS"`},
		{"two operators in one object", `{"a":[{"prefix":"x","suffix":"y"}]}`, "exactly one operator"},
		{"exists not bool", `{"a":[{"exists":"true"}]}`, "exists must be true or false"},
		// AWS-validated content_prefix_int_EXC / content_prefix_list_EXC / content_suffix_*_EXC.
		{"prefix number", `{"time":[{"prefix":123}]}`, "prefix must be a string"},
		{"prefix list", `{"time":[{"prefix":["2022"]}]}`, "prefix must be a string"},
		{"suffix list", `{"f":[{"suffix":[".png"]}]}`, "suffix must be a string"},
		// AWS-validated content_ignorecase_EXC / content_ignorecase_list_EXC.
		{"equals-ignore-case list", `{"a":[{"equals-ignore-case":["x"]}]}`, "equals-ignore-case must be a string"},
		{"equals-ignore-case object", `{"a":[{"equals-ignore-case":{"prefix":"x"}}]}`, "equals-ignore-case must be a string"},
		// AWS-validated content_wildcard_int_EXC / content_wildcard_list_EXC / content_wildcard_repeating_star_EXC.
		{"wildcard number", `{"a":[{"wildcard":123}]}`, "wildcard must be a string"},
		{"wildcard list", `{"a":[{"wildcard":["x*"]}]}`, "wildcard must be a string"},
		{"wildcard **", `{"a":[{"wildcard":"arn:aws:events:us-east-1:**:event-bus/*"}]}`, "consecutive wildcard characters at position 26"},
		{"wildcard bad escape", `{"a":[{"wildcard":"a\\b"}]}`, "may only escape"},
		{"wildcard trailing backslash", `{"a":[{"wildcard":"a\\"}]}`, "may only escape"},
		// AWS-validated content_anything_but_*_EXC.
		{"anything-but null in list", `{"a":[{"anything-but":["stopped",null]}]}`, "only strings or only numbers"},
		{"anything-but mixed list", `{"a":[{"anything-but":["x",1]}]}`, "mixes strings and numbers"},
		{"anything-but empty list", `{"a":[{"anything-but":[]}]}`, "must not be empty"},
		{"anything-but boolean", `{"a":[{"anything-but":true}]}`, "anything-but must be a string, a number"},
		{"anything-but prefix number", `{"a":[{"anything-but":{"prefix":123}}]}`, "anything-but prefix must be a string"},
		{"anything-but prefix mixed list", `{"a":[{"anything-but":{"prefix":[123,"test"]}}]}`, "may hold only strings"},
		{"anything-but empty prefix", `{"a":[{"anything-but":{"prefix":""}}]}`, "anything-but prefix must not be empty"},
		{"anything-but empty suffix", `{"a":[{"anything-but":{"suffix":""}}]}`, "anything-but suffix must not be empty"},
		{"anything-but prefix ignore-case", `{"a":[{"anything-but":{"prefix":{"equals-ignore-case":"file"}}}]}`, "anything-but prefix must be a string"},
		{"anything-but equals-ignore-case number", `{"a":[{"anything-but":{"equals-ignore-case":123}}]}`, "anything-but equals-ignore-case must be a string"},
		{"anything-but wildcard mixed list", `{"a":[{"anything-but":{"wildcard":[123,"*/dir/*"]}}]}`, "may hold only strings"},
		{"anything-but numeric", `{"a":[{"anything-but":{"numeric":[">",1]}}]}`, `anything-but does not support "numeric"`},
		{"anything-but two keys", `{"a":[{"anything-but":{"prefix":"a","suffix":"b"}}]}`, "exactly one of prefix"},
		// AWS-validated content_numeric_EXC / content_numeric_syntax_EXC.
		{"numeric two lower bounds", `{"c":[{"numeric":[">",0,">",0]}]}`, "bad numeric range operator >"},
		{"numeric missing value", `{"c":[{"numeric":[">",0,"<"]}]}`, "numeric must be"},
		{"numeric string value", `{"c":[{"numeric":["<","5"]}]}`, "value of < must be numeric"},
		{"numeric unknown op", `{"c":[{"numeric":["!=",5]}]}`, "numeric operator must be one of"},
		{"numeric = in a range", `{"c":[{"numeric":["=",1,"<",5]}]}`, "bad numeric range operator ="},
		{"numeric out of range", `{"c":[{"numeric":[">",6e9]}]}`, "outside -5.0e9..5.0e9"},
		{"numeric empty range", `{"c":[{"numeric":[">",5,"<",1]}]}`, "numeric range is empty"},
		// AWS-validated content_ip_address_EXC / _bad_mask_EXC / _bad_ip_EXC / _type_EXC.
		{"cidr without mask", `{"ip":[{"cidr":"10.0.0.1"}]}`, "one '/' required"},
		{"cidr bad mask", `{"ip":[{"cidr":"10.0.0.0/xx"}]}`, "mask bits must be an integer"},
		{"cidr bad ip", `{"ip":[{"cidr":"xx.11.xx/24"}]}`, "nonstandard IP address"},
		{"cidr bad v6", `{"ip":[{"cidr":"xxxx:db8:1234:1a00::/64"}]}`, "nonstandard IP address"},
		{"cidr list", `{"ip":[{"cidr":["10.0.0.0/8"]}]}`, "cidr must be a string"},
		{"cidr mask too large", `{"ip":[{"cidr":"10.0.0.0/33"}]}`, "malformed CIDR"},
		{"$or not a list", `{"$or":{"a":["1"]}}`, "$or must be an array of at least two objects"},
		{"$or single element", `{"$or":[{"a":["1"]}]}`, "$or must be an array of at least two objects"},
		{"$or element not object", `{"$or":[{"a":["1"]},["b"]]}`, "$or element 1 must be a non-empty object"},
		{"$or invalid sub-pattern", `{"$or":[{"a":["1"]},{"b":"2"}]}`, `"b" must be an object or an array`},
		{"$or over 1000 combinations", orBlowup, "more than 1000 rule combinations"},
		{"error names the nested path", `{"detail":{"userIdentity":{"type":"Root"}}}`, `"detail.userIdentity.type" must be an object or an array`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParsePattern([]byte(tc.pattern))
			if err == nil {
				t.Fatalf("ParsePattern(%s) = nil error, want %q", tc.pattern, tc.wantErr)
			}
			if !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("ParsePattern(%s) error %q, want it to contain %q", tc.pattern, err, tc.wantErr)
			}
		})
	}
}

func TestParsePattern_OrCombinationsAtLimit(t *testing.T) {
	// 10 x 100 = 1000 combinations is allowed; one more alternative is not.
	alts := func(key string, n int) string {
		return `[` + strings.TrimSuffix(strings.Repeat(`{"`+key+`":["1"]},`, n), ",") + `]`
	}
	ok := `{"$or":` + alts("a", 10) + `,"d":{"$or":` + alts("c", 100) + `}}`
	if _, err := ParsePattern([]byte(ok)); err != nil {
		t.Fatalf("1000 combinations rejected: %v", err)
	}
	over := `{"$or":` + alts("a", 11) + `,"d":{"$or":` + alts("c", 100) + `}}`
	if _, err := ParsePattern([]byte(over)); err == nil {
		t.Fatal("1100 combinations accepted")
	}
}

func TestParsePattern_LengthCountsCharactersNotBytes(t *testing.T) {
	// 2040 two-byte characters: over 2048 bytes but within 2048 characters.
	p := `{"a":["` + strings.Repeat("é", MaxPatternLength-11) + `"]}`
	if _, err := ParsePattern([]byte(p)); err != nil {
		t.Fatalf("pattern of %d characters rejected: %v", len([]rune(p)), err)
	}
}

func TestPattern_MatchRejectsInvalidEvents(t *testing.T) {
	p, err := ParsePattern([]byte(`{"source":["x"]}`))
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range []string{`not json`, `["x"]`, `"x"`} {
		if _, err := p.Match([]byte(ev)); err == nil {
			t.Errorf("Match(%s) = nil error, want one", ev)
		}
	}
}
