# Each workspace is a process tree on the provisioner's host, with its own home folder under
# workspaces_dir. When bubblewrap (`bwrap`) is installed, the tree runs in its own pid, ipc, uts
# and mount namespaces with the host's root read-only; otherwise it runs as plain processes.
# See README.md for what that isolates and what it does not.

terraform {
  required_providers {
    coder = {
      source  = "coder/coder"
      version = ">= 2.0"
    }
  }
}

variable "workspaces_dir" {
  description = "Folder on the provisioner's host holding one sub-folder per workspace (its home and its agent's files)."
  type        = string
  default     = "~/.local/share/warren/workspaces"
}

variable "sandbox" {
  description = "auto: run each workspace under bubblewrap when bwrap is installed; off: always plain processes."
  type        = string
  default     = "auto"
  validation {
    condition     = contains(["auto", "off"], var.sandbox)
    error_message = "sandbox must be auto or off."
  }
}

variable "tools_cache_dir" {
  description = "Folder on the provisioner's host with tools installed once for every workspace (code-server: see install-code-server.sh). Workspaces under bubblewrap read it and install into their own home what it lacks; plain workspaces install into it."
  type        = string
  default     = "~/.cache/warren"
}

variable "code_server" {
  description = "Install and start code-server (VS Code in the browser) in every workspace, with its app."
  type        = bool
  default     = true
}

variable "workspace_uid" {
  description = "With bubblewrap and a provisioner running as root: the uid and gid the workspace runs as."
  type        = number
  default     = 1000
}

data "coder_workspace" "me" {}
data "coder_workspace_owner" "me" {}

locals {
  name = lower("${data.coder_workspace_owner.me.name}-${data.coder_workspace.me.name}")
  dir  = "${pathexpand(var.workspaces_dir)}/${local.name}"
  home = "${local.dir}/home"
  # Workspaces share the host's network: give each one its own port for the example app.
  app_port         = 20000 + parseint(substr(sha1(data.coder_workspace.me.id), 0, 4), 16) % 10000
  code_server_port = 10000 + parseint(substr(sha1(data.coder_workspace.me.id), 4, 4), 16) % 5000
  jupyter_port     = 15000 + parseint(substr(sha1(data.coder_workspace.me.id), 4, 4), 16) % 5000
  # Jupyter serves everything under the path app's address (its base_url), as Coder's path apps need.
  jupyter_base = "/@${data.coder_workspace_owner.me.name}/${data.coder_workspace.me.name}.main/apps/jupyter"

  # Stops the workspace's processes: every process of the workspace's cgroup (when the host let the
  # start make one), every process carrying the workspace's marker variable (WARREN_WORKSPACE_ID,
  # set for the whole tree: it finds processes that left the session, such as `nohup cmd &` from a
  # script, when there is no cgroup), and the session its init script was started in with every
  # descendant. TERM first, KILL after 5 s. The pid file is only trusted while that process still
  # runs in the workspace's home. Each start saves this as run/stop.sh, so stop and delete run the
  # script the workspace started with.
  stop_script = <<-EOT
    run="$WS_DIR/run"
    [ -d "$run" ] || exit 0
    pid=$(cat "$run/agent.pid" 2>/dev/null || true)
    case "$pid" in *[!0-9]*) pid="" ;; esac
    cgroup=$(cat "$run/cgroup" 2>/dev/null || true)
    case "$cgroup" in /sys/fs/cgroup/*/warren-workspaces/* | /sys/fs/cgroup/warren-workspaces/*) ;; *) cgroup="" ;; esac
    id=$(cat "$run/id" 2>/dev/null || true)
    case "$id" in '' | *[!0-9a-f-]*) id="" ;; esac
    descendants() { for child in $(ps -o pid= --ppid "$1"); do echo "$child"; descendants "$child"; done; }
    pids=""
    if [ -n "$pid" ]; then
      pids="$(ps -o pid= -s "$pid" || true)"
      if [ "$(readlink "/proc/$pid/cwd" 2>/dev/null)" = "$WS_HOME" ]; then pids="$pid $(descendants "$pid") $pids"; fi
    fi
    members() {
      echo $pids
      [ -z "$cgroup" ] || cat "$cgroup/cgroup.procs" 2>/dev/null || true
      [ -z "$id" ] || grep -lzx "WARREN_WORKSPACE_ID=$id" /proc/[0-9]*/environ 2>/dev/null | cut -d/ -f3 || true
    }
    alive() {
      for p in $(members | tr ' ' '\n' | grep -x '[0-9][0-9]*' | sort -un); do
        [ "$p" != "$$" ] || continue
        case "$(ps -o stat= -p "$p" 2>/dev/null)" in '' | Z*) ;; *) echo "$p" ;; esac
      done
    }
    stopped=$(alive | tr '\n' ' ')
    [ -z "$stopped" ] || kill -TERM $stopped 2>/dev/null || true
    for _ in 1 2 3 4 5 6 7 8 9 10; do
      left=$(alive)
      [ -n "$left" ] || break
      sleep 0.5
    done
    if [ -n "$left" ]; then
      [ -z "$cgroup" ] || [ ! -f "$cgroup/cgroup.kill" ] || echo 1 >"$cgroup/cgroup.kill" 2>/dev/null || true
      kill -KILL $(alive) 2>/dev/null || true
    fi
    if [ -n "$cgroup" ]; then
      for _ in 1 2 3 4 5 6 7 8 9 10; do rmdir "$cgroup" 2>/dev/null && break; sleep 0.1; done
    fi
    rm -f "$run/agent.pid" "$run/cgroup"
    echo "stopped the workspace's processes: $stopped"
  EOT

  # Starts the agent's init script detached from terraform (its own session, no inherited output)
  # with a clean environment, under bubblewrap when available. The session joins a cgroup of its
  # own when the host has a writable cgroup v2 hierarchy, and carries WARREN_WORKSPACE_ID either way.
  # The agent binary is kept in a cache shared by the host's workspaces (CODER_AGENT_CACHE_DIR);
  # a sandbox gets it read-only, filled before the sandbox starts.
  start_script = <<-EOT
    set -eu
    mkdir -p "$WS_DIR/run" "$WS_HOME" "$WS_CACHE"
    chmod 700 "$WS_DIR"
    printf '%s\n' "$STOP_SCRIPT" >"$WS_DIR/run/stop.sh"
    printf '%s\n' "$WS_ID" >"$WS_DIR/run/id"
    # Processes of an earlier start that no stop ended (stop removes the pid file).
    [ ! -f "$WS_DIR/run/agent.pid" ] || sh "$WS_DIR/run/stop.sh"
    cgroup=""
    for root in /sys/fs/cgroup/unified /sys/fs/cgroup; do
      if [ "$(stat -fc %T "$root" 2>/dev/null)" = cgroup2fs ] && mkdir -p "$root/warren-workspaces/$WS_ID" 2>/dev/null; then
        cgroup="$root/warren-workspaces/$WS_ID"
        break
      fi
    done
    printf '%s\n' "$cgroup" >"$WS_DIR/run/cgroup"
    path=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
    prefetch=""
    if [ "$SANDBOX" = auto ] && command -v bwrap >/dev/null 2>&1; then
      mode=bubblewrap
      home=/home/coder
      prefetch=1
      set -- bwrap --die-with-parent --unshare-pid --unshare-ipc --unshare-uts --hostname "$WS_HOSTNAME" \
        --ro-bind / / --dev /dev --proc /proc --perms 1777 --tmpfs /tmp --tmpfs /home --bind "$WS_HOME" "$home" --chdir "$home" \
        --ro-bind "$WS_CACHE" /tmp/.coder-agent-cache --ro-bind-try "$TOOLS_CACHE" /tmp/.warren-tools-cache
      if [ "$(id -u)" = 0 ]; then
        # bwrap keeps root's capabilities (enough to remount / read-write): run as workspace_uid instead.
        chown "$WS_UID:$WS_UID" "$WS_HOME"
        set -- "$@" setpriv --reuid "$WS_UID" --regid "$WS_UID" --clear-groups --inh-caps=-all --bounding-set=-all --no-new-privs
      fi
      set -- env -i HOME="$home" USER=coder SHELL=/bin/sh PATH="$path" LANG=C.UTF-8 CODER_AGENT_TOKEN="$CODER_AGENT_TOKEN" \
        WARREN_WORKSPACE_ID="$WS_ID" CODER_AGENT_CACHE_DIR=/tmp/.coder-agent-cache WARREN_TOOLS_CACHE=/tmp/.warren-tools-cache "$@"
    else
      mode=plain
      set -- env -i HOME="$WS_HOME" USER="$(id -un)" SHELL=/bin/sh PATH="$path" LANG=C.UTF-8 CODER_AGENT_TOKEN="$CODER_AGENT_TOKEN" \
        WARREN_WORKSPACE_ID="$WS_ID" CODER_AGENT_CACHE_DIR="$WS_CACHE" BINARY_DIR="$WS_DIR/run/bin" WARREN_TOOLS_CACHE="$TOOLS_CACHE"
    fi
    cd "$WS_HOME"
    export WS_CGROUP="$cgroup" PREFETCH="$prefetch"
    nohup setsid sh -c '
      [ -z "$WS_CGROUP" ] || echo $$ >"$WS_CGROUP/cgroup.procs" || true
      [ -z "$PREFETCH" ] || CODER_AGENT_CACHE_DIR="$WS_CACHE" CODER_AGENT_FETCH_ONLY=1 BINARY_DIR="$WS_DIR/run/bin" sh -c "$INIT_SCRIPT" || true
      exec "$@"' workspace "$@" sh -c "$INIT_SCRIPT" >"$WS_DIR/run/agent.log" 2>&1 </dev/null &
    echo $! >"$WS_DIR/run/agent.pid"
    echo "started workspace $WS_HOSTNAME ($mode$${cgroup:+, cgroup $cgroup}), pid $!, log $WS_DIR/run/agent.log"
  EOT
}

resource "coder_agent" "main" {
  os   = "linux"
  arch = "amd64"
  # The workspace's home: /home/coder under bubblewrap, <workspaces_dir>/<owner>-<name>/home otherwise.
  dir            = "$HOME"
  startup_script = <<-EOT
    set -e
    [ -f ~/.welcome ] || echo "Your workspace's home folder is kept until the workspace is deleted." > ~/.welcome
    if command -v python3 >/dev/null 2>&1; then
      nohup python3 -m http.server ${local.app_port} --bind 127.0.0.1 --directory "$HOME" >/tmp/files.log 2>&1 &
    fi
  EOT

  metadata {
    key          = "load"
    display_name = "Load average"
    script       = "cut -d' ' -f1 /proc/loadavg"
    interval     = 10
    timeout      = 1
  }

  metadata {
    key          = "home"
    display_name = "Home disk usage"
    script       = "du -sh \"$HOME\" | cut -f1"
    interval     = 60
    timeout      = 10
  }
}

resource "coder_app" "files" {
  agent_id     = coder_agent.main.id
  slug         = "files"
  display_name = "Home files"
  icon         = "/icon/folder.svg"
  url          = "http://localhost:${local.app_port}"
  share        = "owner"
  subdomain    = false

  healthcheck {
    url       = "http://localhost:${local.app_port}"
    interval  = 10
    threshold = 6
  }
}

# VS Code in the browser, installed and started as Coder's code-server module does it: a script run
# on start installs it (from npm, with the Node.js it needs, into a cache keyed by version; see
# install-code-server.sh) unless the tools cache has it, and runs it without a password on the
# workspace's loopback (the app proxy decides who reaches it).
resource "coder_script" "code_server" {
  count        = var.code_server ? 1 : 0
  agent_id     = coder_agent.main.id
  display_name = "code-server"
  icon         = "/icon/code.svg"
  run_on_start = true
  script       = <<-EOT
    #!/bin/sh
    set -eu
    version=4.139.1
    launcher=""
    for dir in "$${WARREN_TOOLS_CACHE:-}" "$HOME/.cache/warren"; do
      if [ -n "$dir" ] && [ -x "$dir/code-server-$version/bin/code-server" ]; then
        launcher="$dir/code-server-$version/bin/code-server"
        break
      fi
    done
    if [ -z "$launcher" ]; then
      cache="$HOME/.cache/warren"
      if [ -n "$${WARREN_TOOLS_CACHE:-}" ] && mkdir -p "$WARREN_TOOLS_CACHE" 2>/dev/null && [ -w "$WARREN_TOOLS_CACHE" ]; then cache="$WARREN_TOOLS_CACHE"; fi
      installer=$(mktemp)
      cat >"$installer" <<'INSTALLER'
    ${file("${path.module}/install-code-server.sh")}
    INSTALLER
      launcher=$(CODE_SERVER_CACHE_DIR="$cache" sh "$installer" "$version")
      rm -f "$installer"
    fi
    mkdir -p "$HOME/.local/share/code-server/Machine"
    settings="$HOME/.local/share/code-server/Machine/settings.json"
    [ -f "$settings" ] || echo '{"workbench.startupEditor": "none", "security.workspace.trust.enabled": false}' >"$settings"
    echo "starting $launcher on 127.0.0.1:${local.code_server_port}"
    nohup "$launcher" --auth none --bind-addr 127.0.0.1:${local.code_server_port} --disable-telemetry --disable-update-check "$HOME" >/tmp/code-server.log 2>&1 &
  EOT
}

resource "coder_app" "code_server" {
  count        = var.code_server ? 1 : 0
  agent_id     = coder_agent.main.id
  slug         = "code-server"
  display_name = "code-server"
  icon         = "/icon/code.svg"
  url          = "http://localhost:${local.code_server_port}/"
  share        = "owner"
  subdomain    = false
  order        = 1
  group        = "Editors"

  healthcheck {
    url       = "http://localhost:${local.code_server_port}/healthz"
    interval  = 5
    threshold = 6
  }
}

# Jupyter Notebook (Debian's python3-notebook, when the host has it), served under the path app's
# address. No token or password: the app proxy lets only the workspace's owner in.
resource "coder_script" "jupyter" {
  agent_id     = coder_agent.main.id
  display_name = "Jupyter"
  icon         = "/icon/jupyter.svg"
  run_on_start = true
  script       = <<-EOT
    #!/bin/sh
    # find_spec looks the package up without importing it (50 ms, where the import takes 250).
    if ! /usr/bin/python3 -c 'import importlib.util, sys; sys.exit(importlib.util.find_spec("notebook") is None)' 2>/dev/null; then
      echo "Jupyter Notebook is not installed on this host (Debian: apt-get install python3-notebook)"
      exit 0
    fi
    mkdir -p "$HOME/notebooks"
    nohup /usr/bin/python3 -m notebook --no-browser --ip=127.0.0.1 --port=${local.jupyter_port}       --NotebookApp.base_url='${local.jupyter_base}' --NotebookApp.token='' --NotebookApp.password=''       --NotebookApp.allow_origin='*' --NotebookApp.notebook_dir="$HOME/notebooks" >/tmp/jupyter.log 2>&1 &
  EOT
}

resource "coder_app" "jupyter" {
  agent_id     = coder_agent.main.id
  slug         = "jupyter"
  display_name = "Jupyter Notebook"
  icon         = "/icon/jupyter.svg"
  url          = "http://localhost:${local.jupyter_port}${local.jupyter_base}/"
  share        = "owner"
  subdomain    = false
  order        = 2
  group        = "Editors"

  healthcheck {
    url       = "http://localhost:${local.jupyter_port}${local.jupyter_base}/api"
    interval  = 5
    threshold = 12
  }
}

# The workspace's folder: created on the first start, kept across stop and start, removed with
# the workspace. Its place is fixed by the first build: renaming the workspace or changing
# workspaces_dir later does not move it.
resource "terraform_data" "home" {
  input = { dir = local.dir, home = local.home, name = local.name }
  lifecycle {
    ignore_changes = [input]
  }

  provisioner "local-exec" {
    command     = "mkdir -p \"$WS_HOME\" && chmod 700 \"$WS_DIR\""
    environment = { WS_DIR = self.input.dir, WS_HOME = self.input.home }
  }

  provisioner "local-exec" {
    when        = destroy
    command     = "[ -n \"$WS_NAME\" ] && [ \"$(basename \"$WS_DIR\")\" = \"$WS_NAME\" ] && rm -rf -- \"$WS_DIR\""
    environment = { WS_DIR = self.input.dir, WS_NAME = self.input.name }
  }
}

# The running workspace: exists while the workspace is started (stop destroys it), and is
# replaced when the agent's token changes so the agent always runs with the current one.
resource "terraform_data" "workspace" {
  count            = data.coder_workspace.me.start_count
  triggers_replace = [coder_agent.main.token]
  input            = { dir = terraform_data.home.output.dir, home = terraform_data.home.output.home }

  provisioner "local-exec" {
    command = "eval \"$START_SCRIPT\""
    environment = {
      START_SCRIPT = local.start_script
      STOP_SCRIPT  = local.stop_script
      WS_DIR       = terraform_data.home.output.dir
      WS_HOME      = terraform_data.home.output.home
      WS_HOSTNAME  = local.name
      WS_UID       = var.workspace_uid
      WS_ID        = data.coder_workspace.me.id
      WS_CACHE     = "${pathexpand(var.workspaces_dir)}/.agent-cache"
      TOOLS_CACHE  = pathexpand(var.tools_cache_dir)
      SANDBOX      = var.sandbox
      INIT_SCRIPT  = coder_agent.main.init_script
      # Not secret from the workspace itself; nonsensitive() keeps terraform from hiding the script's output.
      CODER_AGENT_TOKEN = nonsensitive(coder_agent.main.token)
    }
  }

  provisioner "local-exec" {
    when        = destroy
    command     = "[ ! -f \"$WS_DIR/run/stop.sh\" ] || sh \"$WS_DIR/run/stop.sh\""
    environment = { WS_DIR = self.input.dir, WS_HOME = self.input.home }
  }
}
