package main

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"
)

// secretValue is a Secrets Manager dynamic reference to secret, pinned to
// its version in versions (context secretVersions) when there is one.
// CloudFormation resolves a dynamic reference again only when its text
// changes, so the pinned version id is what makes a rotated secret reach
// the API destination and connection on the next deploy.
func secretValue(secret string, versions map[string]string) awscdk.SecretValue {
	var opts *awscdk.SecretsManagerSecretOptions
	if v := versions[secret]; v != "" {
		opts = &awscdk.SecretsManagerSecretOptions{VersionId: jsii.String(v)}
	}
	return awscdk.SecretValue_SecretsManager(jsii.String(secret), opts)
}
