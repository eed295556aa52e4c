# A workspace as a Kubernetes pod with its home on a persistent volume claim. The pod exists only
# while the workspace is started (count = start_count); the claim lives until the workspace is
# deleted, so the home survives stop and start. The provisioner authenticates to the cluster with
# the service account the Helm chart creates (pods and claims in its namespace), or with a
# kubeconfig file.

terraform {
  required_providers {
    coder = {
      source  = "coder/coder"
      version = ">= 2.0"
    }
    kubernetes = {
      source  = "hashicorp/kubernetes"
      version = ">= 2.23"
    }
  }
}

provider "coder" {}

variable "use_kubeconfig" {
  description = "Use the provisioner's ~/.kube/config (true) or the in-cluster service account (false, when Warren runs in the cluster)."
  type        = bool
  default     = false
}

variable "namespace" {
  description = "The namespace to create workspaces in; it must exist, and the provisioner's service account must manage pods and claims there."
  type        = string
  default     = "coder"
}

variable "image" {
  description = "The workspace container image: a Linux image with curl (or wget) and a user with uid 1000."
  type        = string
  default     = "codercom/enterprise-base:ubuntu"
}

provider "kubernetes" {
  config_path = var.use_kubeconfig ? "~/.kube/config" : null
}

data "coder_workspace" "me" {}
data "coder_workspace_owner" "me" {}

data "coder_parameter" "cpu" {
  name         = "cpu"
  display_name = "CPU"
  description  = "The number of CPU cores"
  default      = "2"
  icon         = "/icon/memory.svg"
  mutable      = true
  option {
    name  = "2 Cores"
    value = "2"
  }
  option {
    name  = "4 Cores"
    value = "4"
  }
  option {
    name  = "8 Cores"
    value = "8"
  }
}

data "coder_parameter" "memory" {
  name         = "memory"
  display_name = "Memory"
  description  = "The amount of memory in GB"
  default      = "2"
  icon         = "/icon/memory.svg"
  mutable      = true
  option {
    name  = "2 GB"
    value = "2"
  }
  option {
    name  = "4 GB"
    value = "4"
  }
  option {
    name  = "8 GB"
    value = "8"
  }
}

data "coder_parameter" "home_disk_size" {
  name         = "home_disk_size"
  display_name = "Home disk size"
  description  = "The size of the home disk in GB"
  default      = "10"
  type         = "number"
  icon         = "/emojis/1f4be.png"
  mutable      = false
  validation {
    min = 1
    max = 99999
  }
}

locals {
  name = "coder-${lower(data.coder_workspace_owner.me.name)}-${lower(data.coder_workspace.me.name)}"
  labels = {
    "app.kubernetes.io/part-of" = "coder"
    "com.coder.resource"        = "true"
    "com.coder.workspace.id"    = data.coder_workspace.me.id
    "com.coder.workspace.name"  = data.coder_workspace.me.name
    "com.coder.user.id"         = data.coder_workspace_owner.me.id
    "com.coder.user.username"   = data.coder_workspace_owner.me.name
  }
}

resource "coder_agent" "main" {
  os             = "linux"
  arch           = "amd64"
  startup_script = <<-EOT
    set -e
    # The home volume starts empty: give it the image's skeleton once.
    [ -f ~/.init_done ] || { cp -rT /etc/skel ~ && touch ~/.init_done; }
  EOT

  metadata {
    display_name = "Load average"
    key          = "0_load"
    script       = "cut -d' ' -f1 /proc/loadavg"
    interval     = 10
    timeout      = 1
  }

  metadata {
    display_name = "Memory used"
    key          = "1_memory"
    script       = "awk '/MemTotal/{t=$2}/MemAvailable/{a=$2}END{printf \"%.1f/%.1f GiB\", (t-a)/1048576, t/1048576}' /proc/meminfo"
    interval     = 10
    timeout      = 1
  }

  metadata {
    display_name = "Home disk"
    key          = "2_home_disk"
    script       = "df -h \"$HOME\" | awk 'NR==2{print $3\"/\"$2}'"
    interval     = 60
    timeout      = 5
  }
}

resource "kubernetes_persistent_volume_claim" "home" {
  metadata {
    name        = "${local.name}-home"
    namespace   = var.namespace
    labels      = merge(local.labels, { "app.kubernetes.io/name" = "coder-pvc" })
    annotations = { "com.coder.user.email" = data.coder_workspace_owner.me.email }
  }
  wait_until_bound = false
  spec {
    access_modes = ["ReadWriteOnce"]
    resources {
      requests = {
        storage = "${data.coder_parameter.home_disk_size.value}Gi"
      }
    }
  }
}

resource "kubernetes_pod" "main" {
  count = data.coder_workspace.me.start_count
  metadata {
    name        = local.name
    namespace   = var.namespace
    labels      = merge(local.labels, { "app.kubernetes.io/name" = "coder-workspace" })
    annotations = { "com.coder.user.email" = data.coder_workspace_owner.me.email }
  }
  spec {
    security_context {
      run_as_user = 1000
      fs_group    = 1000
    }
    container {
      name              = "dev"
      image             = var.image
      image_pull_policy = "IfNotPresent"
      command           = ["sh", "-c", coder_agent.main.init_script]
      security_context {
        run_as_user = 1000
      }
      env {
        name  = "CODER_AGENT_TOKEN"
        value = coder_agent.main.token
      }
      resources {
        requests = {
          cpu    = "250m"
          memory = "512Mi"
        }
        limits = {
          cpu    = data.coder_parameter.cpu.value
          memory = "${data.coder_parameter.memory.value}Gi"
        }
      }
      volume_mount {
        mount_path = "/home/coder"
        name       = "home"
      }
    }
    volume {
      name = "home"
      persistent_volume_claim {
        claim_name = kubernetes_persistent_volume_claim.home.metadata[0].name
      }
    }
  }
}

resource "coder_metadata" "pod" {
  count       = data.coder_workspace.me.start_count
  resource_id = kubernetes_pod.main[0].id
  item {
    key   = "image"
    value = var.image
  }
  item {
    key   = "namespace"
    value = var.namespace
  }
}
