// Package doctor answers "why is nothing arriving?" from the live account:
// it reads what a cloud assembly (cdk.out) expects to be deployed, asks AWS
// what is there, and reports one check per line with the fix.
//
// What to expect is derived from the templates generically (resource types
// and dynamic references), never from logical ids, so the checks follow the
// app as it changes. The pure judgement of each check lives in checks.go;
// aws.go gathers the facts with the AWS SDK for Go v2 and the caller's usual
// credential chain (it honours AWS_ENDPOINT_URL, so the tests run it against
// moto_server). The package never imports aws-cdk-go or jsii.
package doctor
