{{/* The name of every object: "coder" as in Coder's chart, unless nameOverride is set. */}}
{{- define "warren.name" -}}
{{- default "coder" .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "warren.selectorLabels" -}}
app.kubernetes.io/name: {{ include "warren.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "warren.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "warren.selectorLabels" . }}
app.kubernetes.io/part-of: warren
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "warren.image" -}}
{{- $tag := default .Chart.AppVersion .Values.coder.image.tag -}}
{{- if not $tag -}}{{ fail "coder.image.tag is empty and the chart has no appVersion: set coder.image.tag." }}{{- end -}}
{{- printf "%s:%s" .Values.coder.image.repo $tag -}}
{{- end -}}

{{- define "warren.serviceAccountName" -}}
{{- default (include "warren.name" .) .Values.coder.serviceAccount.name -}}
{{- end -}}

{{/* The URL of the in-cluster service, the default access URL. */}}
{{- define "warren.clusterAccessURL" -}}
{{- printf "%s://%s.%s.svc.cluster.local" (ternary "https" "http" (eq (include "warren.tlsEnabled" .) "true")) (include "warren.name" .) .Release.Namespace -}}
{{- end -}}

{{- define "warren.tlsEnabled" -}}
{{- if .Values.coder.tls.secretNames -}}true{{- else -}}false{{- end -}}
{{- end -}}

{{/* True when coder.env or coder.envFrom sets the named variable. */}}
{{- define "warren.envHas" -}}
{{- $name := index . 1 -}}
{{- range (index . 0).Values.coder.env -}}{{- if eq .name $name -}}true{{- end -}}{{- end -}}
{{- end -}}

{{/* A wildcard host as an ingress rule accepts it: "*-suffix.example.com" becomes "*.example.com". */}}
{{- define "warren.ingressWildcardHost" -}}
{{- $host := .Values.coder.ingress.wildcardHost -}}
{{- if and $host (not (hasPrefix "*." $host)) -}}
{{- $parts := splitn "." 2 $host -}}
{{- printf "*.%s" $parts._1 -}}
{{- else -}}
{{- $host -}}
{{- end -}}
{{- end -}}

{{/* An HTTP probe of /healthz on the http port, with the optional timings of the given settings. */}}
{{- define "warren.probe" -}}
httpGet:
  path: /healthz
  port: http
  scheme: HTTP
initialDelaySeconds: {{ .initialDelaySeconds | default 0 }}
{{- range $key := list "periodSeconds" "timeoutSeconds" "successThreshold" "failureThreshold" }}
{{- if hasKey $ $key }}
{{ $key }}: {{ get $ $key }}
{{- end }}
{{- end }}
{{- end -}}
