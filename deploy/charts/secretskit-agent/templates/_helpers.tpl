{{/* Chart name, overridable. */}}
{{- define "secretskit-agent.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Full name: <release>-<chart>, or the release name when it already contains the chart name. */}}
{{- define "secretskit-agent.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* chart label value: name-version. */}}
{{- define "secretskit-agent.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels on every object. */}}
{{- define "secretskit-agent.labels" -}}
helm.sh/chart: {{ include "secretskit-agent.chart" . }}
{{ include "secretskit-agent.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: secretskit
{{- end -}}

{{/* Labels the Deployment selects its pods by. */}}
{{- define "secretskit-agent.selectorLabels" -}}
app.kubernetes.io/name: {{ include "secretskit-agent.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* The ServiceAccount the pods run as. */}}
{{- define "secretskit-agent.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "secretskit-agent.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/*
The agent's --shutdown-timeout (SIGTERM to exit: reconciles in flight finish, then the Lease is released):
terminationGracePeriodSeconds minus 10 s, so the kubelet's SIGKILL never comes first.
*/}}
{{- define "secretskit-agent.shutdownTimeout" -}}
{{- $grace := int .Values.terminationGracePeriodSeconds -}}
{{- if lt $grace 15 -}}
{{- fail (printf "terminationGracePeriodSeconds must be at least 15 (the agent gets it minus 10 s to drain and release its Lease), not %d" $grace) -}}
{{- end -}}
{{- printf "%ds" (sub $grace 10) -}}
{{- end -}}

{{/* image reference; the tag defaults to the chart's appVersion. */}}
{{- define "secretskit-agent.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) -}}
{{- end -}}

{{/* Rules for the namespaced objects the agent reconciles (ClusterRole when cluster-wide, Role when scoped). */}}
{{- define "secretskit-agent.namespacedRules" -}}
- apiGroups: ["external-secrets.io"]
  resources: ["externalsecrets", "secretstores"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["external-secrets.io"]
  resources: ["externalsecrets/status", "secretstores/status"]
  verbs: ["update", "patch"]
- apiGroups: ["external-secrets.io"]
  resources: ["pushsecrets"]
  verbs: ["get", "list", "watch", "patch"]
- apiGroups: ["external-secrets.io"]
  resources: ["pushsecrets/status"]
  verbs: ["update", "patch"]
- apiGroups: ["generators.external-secrets.io"]
  resources: ["passwords", "uuids", "fakes", "sshkeys", "mfas", "webhooks", "ecrauthorizationtokens", "stssessiontokens", "githubaccesstokens", "vaultdynamicsecrets", "gcraccesstokens", "quayaccesstokens", "grafanas", "cloudsmithaccesstokens", "acraccesstokens", "gitlabdeploytokens", "beyondtrustworkloadcredentialsdynamicsecrets"]
  verbs: ["get"]
- apiGroups: ["generators.external-secrets.io"]
  resources: ["generatorstates"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["secretskit.io"]
  resources: ["sopssecrets"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["secretskit.io"]
  resources: ["sopssecrets/status"]
  verbs: ["update", "patch"]
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: [""]
  resources: ["configmaps"]
  {{- if has "ConfigMap" .Values.genericTargets }}
  verbs: ["get", "create", "update", "delete"]
  {{- else }}
  verbs: ["get"]
  {{- end }}
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
# a store's serviceAccountRef: a token minted per use (TokenRequest), and the annotations naming its cloud identity
- apiGroups: [""]
  resources: ["serviceaccounts/token"]
  verbs: ["create"]
- apiGroups: [""]
  resources: ["serviceaccounts"]
  verbs: ["get"]
{{- if .Values.rolloutRestart.enabled }}
- apiGroups: ["apps"]
  resources: ["deployments", "statefulsets"]
  verbs: ["get", "list", "patch"]
{{- end }}
{{- end -}}

{{/* Rules for the cluster-scoped objects: ClusterSecretStores and the Namespaces their conditions select. */}}
{{- define "secretskit-agent.clusterRules" -}}
- apiGroups: ["external-secrets.io"]
  resources: ["clustersecretstores"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["external-secrets.io"]
  resources: ["clustersecretstores/status"]
  verbs: ["update", "patch"]
- apiGroups: [""]
  resources: ["namespaces"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["generators.external-secrets.io"]
  resources: ["clustergenerators"]
  verbs: ["get"]
{{- end -}}

{{/* Rules only a cluster-wide agent needs: ClusterExternalSecrets and the ExternalSecrets they make in every namespace. */}}
{{- define "secretskit-agent.clusterExternalSecretRules" -}}
- apiGroups: ["external-secrets.io"]
  resources: ["clusterexternalsecrets"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["external-secrets.io"]
  resources: ["clusterexternalsecrets/status"]
  verbs: ["update", "patch"]
- apiGroups: ["external-secrets.io"]
  resources: ["externalsecrets"]
  verbs: ["create", "update", "delete"]
{{- end -}}

{{/* metadata for a CRD: labels and, when crds.keep, the resource-policy annotation that survives helm uninstall. */}}
{{- define "secretskit-agent.crdMetadata" -}}
labels:
  {{- include "secretskit-agent.labels" . | nindent 2 }}
{{- if .Values.crds.keep }}
annotations:
  helm.sh/resource-policy: keep
{{- end }}
{{- end -}}

{{/* Pod count: replicaCount, or replicas (this chart's earlier name, not in values.yaml) when a user still sets it. */}}
{{- define "secretskit-agent.replicaCount" -}}
{{- if hasKey .Values "replicas" -}}
{{- int (get .Values "replicas") -}}
{{- else -}}
{{- int .Values.replicaCount -}}
{{- end -}}
{{- end -}}
