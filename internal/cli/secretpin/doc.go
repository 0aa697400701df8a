// Package secretpin makes a rotated secret reach the deployed stacks.
//
// CloudFormation resolves a {{resolve:secretsmanager:...}} dynamic reference
// again only when the text of the reference changes, so updating a secret
// and deploying the same template changes nothing. The app therefore pins
// each secret to a version id taken from the context key secretVersions,
// and this package fills that key the way CDK context lookups do: it reads
// the AWSCURRENT version id of every secret the synthesized templates
// reference (DescribeSecret: it never reads a secret value) and caches them
// in cdk.context.json. A new version id changes every reference to that
// secret, and only those, so the next deploy re-resolves exactly them.
//
// It uses the AWS SDK for Go v2 and its default configuration chain
// (credentials, AWS_ENDPOINT_URL). It knows nothing of jsii or the CDK.
package secretpin
