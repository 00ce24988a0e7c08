{{/*
The ExternalSecret spec schema, shared by ExternalSecret (both versions) and ClusterExternalSecret.externalSecretSpec.
*/}}
{{- define "secretskit-agent.externalSecretSpecSchema" -}}
type: object
properties:
  secretStoreRef:
    type: object
    properties:
      name:
        type: string
        minLength: 1
        maxLength: 253
        pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$'
      kind:
        type: string
        enum: ["SecretStore", "ClusterSecretStore"]
  refreshInterval:
    type: string
    description: Go duration (e.g. 1h, 15m); "0" syncs once. Defaults to 1h when omitted.
  refreshPolicy:
    type: string
    enum: ["Periodic", "OnChange", "CreatedOnce"]
  target:
    type: object
    properties:
      name:
        type: string
        description: The Secret to write (a DNS subdomain, as ESO's CRD requires); defaults to the ExternalSecret's name.
        maxLength: 253
        pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$'
      creationPolicy:
        type: string
        enum: ["Owner", "Orphan", "Merge", "None", "CreateOrMerge"]
      deletionPolicy:
        type: string
        enum: ["Retain", "Delete", "Merge"]
      immutable:
        type: boolean
      manifest:
        type: object
        description: ESO's generic target, written instead of a Secret (v1 ConfigMap unless the agent's --generic-targets says otherwise).
        required: ["apiVersion", "kind"]
        properties:
          apiVersion:
            type: string
            minLength: 1
          kind:
            type: string
            minLength: 1
      template:
        type: object
        description: Secret type, metadata and data templates (Go-template syntax).
        x-kubernetes-preserve-unknown-fields: true
  data:
    type: array
    items:
      type: object
      required: ["secretKey", "remoteRef"]
      properties:
        secretKey:
          type: string
          pattern: '^[-._a-zA-Z0-9]+$'
        remoteRef:
          type: object
          required: ["key"]
          properties:
            key:
              type: string
            property:
              type: string
            version:
              type: string
            decodingStrategy:
              type: string
              enum: ["Auto", "Base64", "Base64URL", "None"]
            conversionStrategy:
              type: string
              enum: ["Default", "Unicode"]
            metadataPolicy:
              type: string
              enum: ["None", "Fetch"]
            nullBytePolicy:
              type: string
              enum: ["Ignore", "Fail"]
        sourceRef:
          type: object
          x-kubernetes-preserve-unknown-fields: true
  dataFrom:
    type: array
    items:
      type: object
      properties:
        extract:
          type: object
          required: ["key"]
          properties:
            key:
              type: string
            property:
              type: string
            version:
              type: string
            decodingStrategy:
              type: string
              enum: ["Auto", "Base64", "Base64URL", "None"]
            conversionStrategy:
              type: string
              enum: ["Default", "Unicode"]
            metadataPolicy:
              type: string
              enum: ["None", "Fetch"]
            nullBytePolicy:
              type: string
              enum: ["Ignore", "Fail"]
        find:
          type: object
          properties:
            path:
              type: string
            name:
              type: object
              properties:
                regexp:
                  type: string
            tags:
              type: object
              additionalProperties:
                type: string
            decodingStrategy:
              type: string
              enum: ["Auto", "Base64", "Base64URL", "None"]
            conversionStrategy:
              type: string
              enum: ["Default", "Unicode"]
            nullBytePolicy:
              type: string
              enum: ["Ignore", "Fail"]
        rewrite:
          type: array
          items:
            type: object
            x-kubernetes-preserve-unknown-fields: true
        sourceRef:
          type: object
          x-kubernetes-preserve-unknown-fields: true
  syncWindows:
    type: object
    description: Restricts when periodic refreshes run (UTC); a spec change or force-sync always syncs.
    required: ["kind", "windows"]
    properties:
      kind:
        type: string
        enum: ["allow", "deny"]
      windows:
        type: array
        minItems: 1
        items:
          type: object
          required: ["schedule", "duration"]
          properties:
            schedule:
              type: string
              minLength: 1
              pattern: '^(@(annually|yearly|monthly|weekly|daily|midnight|hourly)|@every [^\s]+.*|[^\s]+( [^\s]+){4})$'
            duration:
              type: string
{{- end -}}
