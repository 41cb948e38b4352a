//go:build tools

// Pins the Kubernetes API server the tests and the sandbox run; scripts/setup-kube-apiserver.sh builds it.
package tools

import _ "k8s.io/kubernetes/cmd/kube-apiserver"
