{{/* The spec schemas of the generator kinds, shared by each kind's CRD and ClusterGenerator.spec.generator.<kind>Spec. */}}
{{- define "secretskit-agent.fakeSpecSchema" -}}
type: object
properties:
  controller:
    type: string
    description: The controller class meant to run this generator.
  data:
    type: object
    additionalProperties:
      type: string
    description: The keys and values generated.
{{- end -}}

{{- define "secretskit-agent.sshKeySpecSchema" -}}
type: object
properties:
  keyType:
    type: string
    enum: ["rsa", "ecdsa", "ed25519"]
    default: rsa
    description: The key type.
  keySize:
    type: integer
    minimum: 256
    maximum: 8192
    description: Bits of an RSA key (default 2048) or an ECDSA key (256, 384 or 521; default 256).
  comment:
    type: string
    description: The comment of both keys.
{{- end -}}

{{- define "secretskit-agent.mfaSpecSchema" -}}
type: object
required: ["secret"]
properties:
  secret:
    type: object
    description: The Secret key holding the base32 seed.
    properties:
      name:
        type: string
      key:
        type: string
      namespace:
        type: string
  length:
    type: integer
    description: Digits of the code (default 6).
  timePeriod:
    type: integer
    description: Seconds a code is valid (default 30).
  algorithm:
    type: string
    description: sha1 (default), sha256, sha384, sha512 or sha512_256.
  when:
    type: string
    format: date-time
    description: The time the code is for (default now).
{{- end -}}

{{- define "secretskit-agent.webhookSpecSchema" -}}
type: object
required: ["url", "result"]
properties:
  url:
    type: string
    description: The endpoint, a Go template; scheme, host and port must be literal.
  method:
    type: string
    description: The HTTP method (default GET).
  headers:
    type: object
    additionalProperties:
      type: string
    description: Request headers, each a Go template.
  body:
    type: string
    description: The request body, a Go template.
  timeout:
    type: string
    description: How long the call may take (a Go duration; default 30s).
  result:
    type: object
    properties:
      jsonPath:
        type: string
        description: Where in the JSON answer the object of keys is.
  secrets:
    type: array
    description: Secrets of the ExternalSecret namespace offered to the templates, each as .<name>.<key>.
    items:
      type: object
      required: ["name", "secretRef"]
      properties:
        name:
          type: string
        secretRef:
          type: object
          properties:
            name:
              type: string
            key:
              type: string
  caBundle:
    type: string
    format: byte
    description: PEM certificates to trust for an https url (base64).
  caProvider:
    type: object
    x-kubernetes-preserve-unknown-fields: true
  auth:
    type: object
    x-kubernetes-preserve-unknown-fields: true
{{- end -}}

{{- define "secretskit-agent.ecrAuthorizationTokenSpecSchema" -}}
type: object
required: ["region"]
properties:
  region:
    type: string
    description: The AWS region of the registry.
  role:
    type: string
    description: A role the credentials of auth (secretRef keys or jwt) assume first (STS AssumeRole).
  scope:
    type: string
    description: private (default) or public (not supported by the secretskit agent yet).
  auth:
    {{- include "secretskit-agent.awsGeneratorAuthSchema" . | nindent 4 }}
{{- end -}}

{{- define "secretskit-agent.stsSessionTokenSpecSchema" -}}
type: object
required: ["region"]
properties:
  region:
    type: string
    description: The AWS region of the STS endpoint.
  role:
    type: string
    description: A role the keys of auth.secretRef assume first (STS AssumeRole).
  requestParameters:
    type: object
    properties:
      sessionDuration:
        type: integer
        description: Seconds the session lasts (900 to 129600).
      serialNumber:
        type: string
        description: The MFA device of the caller.
      tokenCode:
        type: string
        description: The current code of that device.
  auth:
    {{- include "secretskit-agent.awsGeneratorAuthSchema" . | nindent 4 }}
{{- end -}}

{{- define "secretskit-agent.awsGeneratorAuthSchema" -}}
type: object
properties:
  secretRef:
    type: object
    description: The access keys, in Secrets of the ExternalSecret namespace.
    properties:
      accessKeyIDSecretRef:
        type: object
        properties:
          name:
            type: string
          key:
            type: string
          namespace:
            type: string
      secretAccessKeySecretRef:
        type: object
        properties:
          name:
            type: string
          key:
            type: string
          namespace:
            type: string
      sessionTokenSecretRef:
        type: object
        properties:
          name:
            type: string
          key:
            type: string
          namespace:
            type: string
  jwt:
    type: object
    description: IRSA for the generator - a ServiceAccount of the ExternalSecret namespace, its eks.amazonaws.com/role-arn assumed with a token for sts.amazonaws.com.
    properties:
      serviceAccountRef:
        type: object
        required: ["name"]
        properties:
          name:
            type: string
          namespace:
            type: string
          audiences:
            type: array
            items:
              type: string
{{- end -}}

{{- define "secretskit-agent.githubAccessTokenSpecSchema" -}}
type: object
required: ["appID", "installID", "auth"]
properties:
  url:
    type: string
    description: The GitHub API (default https://api.github.com).
  appID:
    type: string
  installID:
    type: string
  repositories:
    type: array
    items:
      type: string
  permissions:
    type: object
    additionalProperties:
      type: string
  auth:
    type: object
    required: ["privateKey"]
    properties:
      privateKey:
        type: object
        required: ["secretRef"]
        properties:
          secretRef:
            type: object
            description: The App's PEM private key, in a Secret of the ExternalSecret namespace.
            properties:
              name:
                type: string
              key:
                type: string
              namespace:
                type: string
{{- end -}}
