# Each workspace is a Docker container on the provisioner's Docker engine, with its home folder in
# a named volume. The container exists only while the workspace is started (count = start_count);
# the volume is kept across stop and start and removed when the workspace is deleted. Shaped like
# Coder's docker starter, so Coder users find the same resources, labels and variables.
#
# The image, warren/workspace-base:bookworm, is built on the Docker host by Warren's
# images/build.sh (no image registry is needed): Debian bookworm with a `coder` user (uid 1000,
# passwordless sudo), git, curl and an en_US.UTF-8 locale.

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
  description = "(Optional) Docker engine URI, e.g. unix:///run/docker.sock or tcp://docker-host:2375; empty means the provisioner's default (DOCKER_HOST, else /var/run/docker.sock)."
  type        = string
}

variable "image" {
  default     = "warren/workspace-base:bookworm"
  description = "The workspace image. It must already exist on the Docker host (no registry is contacted), have a user `coder` whose home is /home/coder, and sh and curl (or wget) for the agent's init script."
  type        = string
}

provider "docker" {
  # An empty variable means the provider's own default.
  host = var.docker_socket != "" ? var.docker_socket : null
}

data "coder_provisioner" "me" {}
data "coder_workspace" "me" {}
data "coder_workspace_owner" "me" {}

locals {
  # Docker names allow [a-zA-Z0-9][a-zA-Z0-9_.-]; workspace and user names already fit, lower() keeps them tidy.
  container_name = "coder-${lower(data.coder_workspace_owner.me.name)}-${lower(data.coder_workspace.me.name)}"
  home_volume    = "coder-${data.coder_workspace.me.id}-home"
  # code-server, when the image or the home has it, is served on this port inside the container.
  code_server_port = 13337
}

resource "coder_agent" "main" {
  arch = data.coder_provisioner.me.arch
  os   = "linux"
  dir  = "/home/coder"

  startup_script = <<-EOT
    set -e
    # A new home volume starts empty: give it the image's default dotfiles once.
    if [ ! -f ~/.init_done ]; then
      cp -rT /etc/skel ~
      touch ~/.init_done
    fi

    # code-server, when installed in the image or in the home (~/.local/bin), backs the
    # "code-server" app; without it the app shows as unhealthy and nothing else changes.
    code_server=$(command -v code-server || ls ~/.local/bin/code-server 2>/dev/null || true)
    if [ -n "$code_server" ]; then
      nohup "$code_server" --auth none --bind-addr 127.0.0.1:${local.code_server_port} --disable-telemetry >/tmp/code-server.log 2>&1 &
    else
      echo "code-server is not installed in this image; the code-server app stays unavailable."
    fi
  EOT

  # Lets git commit right away; these take precedence over ~/.gitconfig.
  env = {
    GIT_AUTHOR_NAME     = coalesce(data.coder_workspace_owner.me.full_name, data.coder_workspace_owner.me.name)
    GIT_AUTHOR_EMAIL    = data.coder_workspace_owner.me.email
    GIT_COMMITTER_NAME  = coalesce(data.coder_workspace_owner.me.full_name, data.coder_workspace_owner.me.name)
    GIT_COMMITTER_EMAIL = data.coder_workspace_owner.me.email
  }

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
    script       = "free -h | awk '/^Mem/ { print $3 \"/\" $2 }'"
    interval     = 10
    timeout      = 1
  }

  metadata {
    display_name = "Home disk"
    key          = "2_home_disk"
    script       = "df -h /home/coder | awk 'NR == 2 { print $3 \"/\" $2 }'"
    interval     = 60
    timeout      = 1
  }
}

resource "coder_app" "code-server" {
  agent_id     = coder_agent.main.id
  slug         = "code-server"
  display_name = "code-server"
  url          = "http://localhost:${local.code_server_port}/?folder=/home/coder"
  icon         = "/icon/code.svg"
  subdomain    = false
  share        = "owner"
  order        = 1

  healthcheck {
    url       = "http://localhost:${local.code_server_port}/healthz"
    interval  = 5
    threshold = 6
  }
}

resource "coder_app" "terminal" {
  agent_id     = coder_agent.main.id
  slug         = "terminal"
  display_name = "Terminal"
  icon         = "/icon/terminal.svg"
  command      = "bash -l"
  order        = 2
}

# The home folder. Created with the workspace's first start and kept while it is stopped;
# deleting the workspace removes it.
resource "docker_volume" "home_volume" {
  name = local.home_volume
  # A renamed workspace or owner must not replace (and so empty) the home.
  lifecycle {
    ignore_changes = all
  }
  # Labels find the volumes that belong to a workspace, owner or template (docker volume ls --filter label=...).
  labels {
    label = "coder.owner"
    value = data.coder_workspace_owner.me.name
  }
  labels {
    label = "coder.owner_id"
    value = data.coder_workspace_owner.me.id
  }
  labels {
    label = "coder.workspace_id"
    value = data.coder_workspace.me.id
  }
  # Not updated on a rename: a hint when cleaning up volumes by hand.
  labels {
    label = "coder.workspace_name_at_creation"
    value = data.coder_workspace.me.name
  }
}

resource "docker_container" "workspace" {
  count = data.coder_workspace.me.start_count
  image = var.image
  name  = local.container_name
  # The shell prompt reads coder@<workspace>.
  hostname = data.coder_workspace.me.name
  # The init script downloads the agent from the access URL and runs it. An access URL on this
  # host's loopback (localhost, 127.0.0.1) means the Docker host itself: reach it through the
  # host gateway instead, which the server must listen on (e.g. --http-address 0.0.0.0:3000).
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

  labels {
    label = "coder.owner"
    value = data.coder_workspace_owner.me.name
  }
  labels {
    label = "coder.owner_id"
    value = data.coder_workspace_owner.me.id
  }
  labels {
    label = "coder.workspace_id"
    value = data.coder_workspace.me.id
  }
  labels {
    label = "coder.workspace_name"
    value = data.coder_workspace.me.name
  }
}

# Shown with the container on the workspace page.
resource "coder_metadata" "container" {
  count       = data.coder_workspace.me.start_count
  resource_id = docker_container.workspace[0].id
  icon        = "/icon/docker.png"

  item {
    key   = "image"
    value = var.image
  }
  item {
    key   = "container"
    value = local.container_name
  }
  item {
    key   = "home volume"
    value = docker_volume.home_volume.name
  }
}
