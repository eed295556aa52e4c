{{/* The name of every object: "coder-provisioner" as in Coder's chart, unless nameOverride is set. */}}
{{- define "provisioner.name" -}}
{{- default "coder-provisioner" .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "provisioner.selectorLabels" -}}
app.kubernetes.io/name: {{ include "provisioner.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "provisioner.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "provisioner.selectorLabels" . }}
app.kubernetes.io/part-of: warren
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "provisioner.image" -}}
{{- $tag := default .Chart.AppVersion .Values.coder.image.tag -}}
{{- if not $tag -}}{{ fail "coder.image.tag is empty and the chart has no appVersion: set coder.image.tag." }}{{- end -}}
{{- printf "%s:%s" .Values.coder.image.repo $tag -}}
{{- end -}}

{{- define "provisioner.serviceAccountName" -}}
{{- default (include "provisioner.name" .) .Values.coder.serviceAccount.name -}}
{{- end -}}

{{/* The Warren server's service in this namespace (named "coder" by the warren chart). */}}
{{- define "provisioner.clusterAccessURL" -}}
{{- printf "http://coder.%s.svc.cluster.local" .Release.Namespace -}}
{{- end -}}

{{/* True when coder.env sets the named variable. */}}
{{- define "provisioner.envHas" -}}
{{- $name := index . 1 -}}
{{- range (index . 0).Values.coder.env -}}{{- if eq .name $name -}}true{{- end -}}{{- end -}}
{{- end -}}

{{/* provisionerDaemon.tags as CODER_PROVISIONERD_TAGS wants them: key=value pairs, sorted, comma-separated. */}}
{{- define "provisioner.tags" -}}
{{- $tags := .Values.provisionerDaemon.tags -}}
{{- $pairs := list -}}
{{- range $key := keys $tags | sortAlpha -}}
{{- $pairs = append $pairs (printf "%s=%v" $key (get $tags $key)) -}}
{{- end -}}
{{- join "," $pairs -}}
{{- end -}}

{{/*
How the daemons authenticate, with Coder's rules: a key wins over the default PSK secret name,
a key and a PSK other than the default refuse, and tags come with the key, never beside it.
*/}}
{{- define "provisioner.auth" -}}
{{- $d := .Values.provisionerDaemon -}}
{{- if $d.keySecretName -}}
{{- if not $d.keySecretKey -}}{{ fail "provisionerDaemon.keySecretKey must name the item of provisionerDaemon.keySecretName that holds the key." }}{{- end -}}
{{- if and $d.pskSecretName (ne $d.pskSecretName "coder-provisioner-psk") -}}{{ fail "Set either provisionerDaemon.pskSecretName or provisionerDaemon.keySecretName, not both." }}{{- end -}}
{{- if $d.tags -}}{{ fail "provisionerDaemon.tags cannot be used with provisionerDaemon.keySecretName: a provisioner key carries its own tags." }}{{- end -}}
key
{{- else if $d.pskSecretName -}}
psk
{{- else -}}
{{ fail "Set provisionerDaemon.keySecretName (a provisioner key) or provisionerDaemon.pskSecretName (the pre-shared key)." }}
{{- end -}}
{{- end -}}
