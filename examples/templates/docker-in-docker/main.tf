# Like the docker template, with a Docker engine inside each workspace: `docker build`, `docker
# run` and compose work in the workspace without reaching the host's engine. The workspace's
# containers and images live in a second named volume (/var/lib/docker), kept across stop and start.
#
# Two ways to run the inner engine (variable `runtime`):
#   - "sysbox-runc" on hosts with Sysbox installed: a system container, no added privileges;
#   - "" (the engine's default runtime, runc): the container gets CAP_SYS_ADMIN and CAP_NET_ADMIN
#     and no seccomp filter. This is close to root on the Docker host: use it only for trusted
#     users. `--privileged` is not used (engines whose host lacks a capability, such as
#     CAP_SYS_RESOURCE, refuse it).

terraform {
  required_providers {
    coder = {
      source = "coder/coder"
    }
    docker = {
      source = "kreuzwerker/docker"
    }
  }
}

variable "docker_socket" {
  default     = ""
  description = "(Optional) Docker engine URI; empty means the provisioner's default (DOCKER_HOST, else /var/run/docker.sock)."
  type        = string
}

variable "image" {
  default     = "warren/workspace-docker:bookworm"
  description = "The workspace image: it must exist on the Docker host and hold dockerd, the docker CLI, sudo and /usr/local/bin/start-dockerd (images/workspace-docker)."
  type        = string
}

variable "runtime" {
  default     = ""
  description = "\"sysbox-runc\" where Sysbox is installed (no added privileges); empty for the engine's default runtime with CAP_SYS_ADMIN, CAP_NET_ADMIN and no seccomp filter."
  type        = string
  validation {
    condition     = contains(["", "sysbox-runc"], var.runtime)
    error_message = "runtime must be empty or sysbox-runc."
  }
}

provider "docker" {
  host = var.docker_socket != "" ? var.docker_socket : null
}

data "coder_provisioner" "me" {}
data "coder_workspace" "me" {}
data "coder_workspace_owner" "me" {}

locals {
  container_name = "coder-${lower(data.coder_workspace_owner.me.name)}-${lower(data.coder_workspace.me.name)}"
  labels = {
    "coder.owner"        = data.coder_workspace_owner.me.name
    "coder.owner_id"     = data.coder_workspace_owner.me.id
    "coder.workspace_id" = data.coder_workspace.me.id
  }
}

resource "coder_agent" "main" {
  arch = data.coder_provisioner.me.arch
  os   = "linux"
  dir  = "/home/coder"

  # The engine starts before the workspace counts as ready, so `docker` works in the first shell.
  startup_script_behavior = "blocking"
  startup_script          = <<-EOT
    set -e
    if [ ! -f ~/.init_done ]; then
      cp -rT /etc/skel ~
      touch ~/.init_done
    fi
    sudo /usr/local/bin/start-dockerd
  EOT

  env = {
    GIT_AUTHOR_NAME     = coalesce(data.coder_workspace_owner.me.full_name, data.coder_workspace_owner.me.name)
    GIT_AUTHOR_EMAIL    = data.coder_workspace_owner.me.email
    GIT_COMMITTER_NAME  = coalesce(data.coder_workspace_owner.me.full_name, data.coder_workspace_owner.me.name)
    GIT_COMMITTER_EMAIL = data.coder_workspace_owner.me.email
  }

  metadata {
    display_name = "Inner containers"
    key          = "0_containers"
    script       = "docker ps -q | wc -l"
    interval     = 10
    timeout      = 2
  }

  metadata {
    display_name = "Docker disk"
    key          = "1_docker_disk"
    script       = "sudo du -sh /var/lib/docker | cut -f1"
    interval     = 60
    timeout      = 10
  }
}

resource "coder_app" "terminal" {
  agent_id     = coder_agent.main.id
  slug         = "terminal"
  display_name = "Terminal"
  icon         = "/icon/terminal.svg"
  command      = "bash -l"
}

resource "docker_volume" "home_volume" {
  name = "coder-${data.coder_workspace.me.id}-home"
  lifecycle {
    ignore_changes = all
  }
  dynamic "labels" {
    for_each = merge(local.labels, { "coder.workspace_name_at_creation" = data.coder_workspace.me.name })
    content {
      label = labels.key
      value = labels.value
    }
  }
}

# The inner engine's images, containers and volumes: on a volume (ext4 on the host), so the inner
# engine can use overlay2, which it cannot on the container's own overlay root.
resource "docker_volume" "docker_volume" {
  name = "coder-${data.coder_workspace.me.id}-docker"
  lifecycle {
    ignore_changes = all
  }
  dynamic "labels" {
    for_each = merge(local.labels, { "coder.workspace_name_at_creation" = data.coder_workspace.me.name })
    content {
      label = labels.key
      value = labels.value
    }
  }
}

resource "docker_container" "workspace" {
  count    = data.coder_workspace.me.start_count
  image    = var.image
  name     = local.container_name
  hostname = data.coder_workspace.me.name
  runtime  = var.runtime != "" ? var.runtime : null

  dynamic "capabilities" {
    for_each = var.runtime == "sysbox-runc" ? [] : [1]
    content {
      add = ["SYS_ADMIN", "NET_ADMIN"]
    }
  }
  # The inner runc needs keyctl and other calls the default seccomp profile refuses.
  security_opts = var.runtime == "sysbox-runc" ? [] : ["seccomp=unconfined"]

  entrypoint = ["sh", "-c", replace(coder_agent.main.init_script, "/localhost|127\\.0\\.0\\.1/", "host.docker.internal")]
  env        = ["CODER_AGENT_TOKEN=${coder_agent.main.token}"]
  host {
    host = "host.docker.internal"
    ip   = "host-gateway"
  }
  volumes {
    container_path = "/home/coder"
    volume_name    = docker_volume.home_volume.name
    read_only      = false
  }
  volumes {
    container_path = "/var/lib/docker"
    volume_name    = docker_volume.docker_volume.name
    read_only      = false
  }

  dynamic "labels" {
    for_each = merge(local.labels, { "coder.workspace_name" = data.coder_workspace.me.name })
    content {
      label = labels.key
      value = labels.value
    }
  }
}

resource "coder_metadata" "container" {
  count       = data.coder_workspace.me.start_count
  resource_id = docker_container.workspace[0].id
  icon        = "/icon/docker.png"

  item {
    key   = "image"
    value = var.image
  }
  item {
    key   = "runtime"
    value = var.runtime != "" ? var.runtime : "runc, with CAP_SYS_ADMIN and CAP_NET_ADMIN"
  }
  item {
    key   = "docker volume"
    value = docker_volume.docker_volume.name
  }
}
