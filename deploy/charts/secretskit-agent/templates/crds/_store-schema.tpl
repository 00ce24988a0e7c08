{{/*
The versions block shared by SecretStore and ClusterSecretStore. Called with (dict "cluster" bool "kind" Kind).
v1 (storage) and ESO's v1beta1 are served with the same schema (conversion None): their fields are the same for
everything the agent supports.
Provider sections are kept open (x-kubernetes-preserve-unknown-fields): the agent itself names unsupported
provider fields in the store's Ready condition, so the API server must not prune them silently.
*/}}
{{- define "secretskit-agent.storeVersions" -}}
{{- range $version := list "v1" "v1beta1" }}
- name: {{ $version }}
  served: true
  storage: {{ eq $version "v1" }}
  {{- if eq $version "v1beta1" }}
  deprecated: true
  deprecationWarning: external-secrets.io/v1beta1 {{ $.kind }} is deprecated; use external-secrets.io/v1
  {{- end }}
  subresources:
    status: {}
  additionalPrinterColumns:
    - name: Age
      type: date
      jsonPath: .metadata.creationTimestamp
    - name: Status
      type: string
      jsonPath: .status.conditions[?(@.type=="Ready")].reason
    - name: Capabilities
      type: string
      jsonPath: .status.capabilities
    - name: Ready
      type: string
      jsonPath: .status.conditions[?(@.type=="Ready")].status
  schema:
    openAPIV3Schema:
      type: object
      properties:
        apiVersion:
          type: string
        kind:
          type: string
        metadata:
          type: object
        spec:
          type: object
          required: ["provider"]
          properties:
            controller:
              type: string
              description: Controller class; this agent serves stores whose controller is empty or matches --controller-class.
            refreshInterval:
              x-kubernetes-int-or-string: true
              description: How often the store is re-validated (seconds or a duration string).
            retrySettings:
              type: object
              properties:
                maxRetries:
                  type: integer
                  format: int32
                retryInterval:
                  type: string
            provider:
              type: object
              description: Exactly one provider (vault, aws, azurekv, ...).
              maxProperties: 1
              minProperties: 1
              x-kubernetes-preserve-unknown-fields: true
              properties:
                onepassword:
                  type: object
                  description: 1Password Connect (ESO's onepassword provider; the same fields and constraints as ESO v2.9's CRD).
                  required: ["auth", "connectHost", "vaults"]
                  properties:
                    auth:
                      type: object
                      required: ["secretRef"]
                      properties:
                        secretRef:
                          type: object
                          required: ["connectTokenSecretRef"]
                          properties:
                            connectTokenSecretRef:
                              type: object
                              description: The Secret key holding the Connect server token.
                              properties:
                                key:
                                  type: string
                                  maxLength: 253
                                  minLength: 1
                                  pattern: ^[-._a-zA-Z0-9]+$
                                name:
                                  type: string
                                  maxLength: 253
                                  minLength: 1
                                  pattern: ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$
                                namespace:
                                  type: string
                                  maxLength: 63
                                  minLength: 1
                                  pattern: ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$
                    connectHost:
                      type: string
                      description: The Connect server's URL (http or https; link-local hosts are refused).
                    vaults:
                      type: object
                      description: Vault name or id → search priority (lowest first, unique).
                      additionalProperties:
                        type: integer
            {{- if $.cluster }}
            conditions:
              type: array
              description: Namespaces this ClusterSecretStore may serve (entries are ORed).
              items:
                type: object
                properties:
                  namespaceSelector:
                    type: object
                    x-kubernetes-preserve-unknown-fields: true
                  namespaces:
                    type: array
                    items:
                      type: string
                  namespaceRegexes:
                    type: array
                    items:
                      type: string
            {{- end }}
        status:
          type: object
          properties:
            capabilities:
              type: string
            conditions:
              type: array
              items:
                type: object
                properties:
                  type:
                    type: string
                  status:
                    type: string
                  reason:
                    type: string
                  message:
                    type: string
                  lastTransitionTime:
                    type: string
                    format: date-time
{{- end }}
{{- end -}}
