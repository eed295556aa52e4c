# A workspace without an agent: each start records the workspace on the provisioner's host,
# stop leaves it in place, delete removes it. It needs no provider, only terraform itself,
# which makes it the quickest way to see a template and the build lifecycle work end to end.

variable "workspaces_dir" {
  description = "Folder on the provisioner's host where workspaces record themselves."
  type        = string
  default     = "/tmp/warren-agentless"
}

resource "terraform_data" "workspace" {
  input = var.workspaces_dir

  provisioner "local-exec" {
    command = "mkdir -p \"${self.input}\" && echo \"$CODER_WORKSPACE_OWNER/$CODER_WORKSPACE_NAME started $(date -u +%FT%TZ)\" >> \"${self.input}/$CODER_WORKSPACE_ID.log\""
  }

  provisioner "local-exec" {
    when    = destroy
    command = "rm -f \"${self.input}/$CODER_WORKSPACE_ID.log\""
  }
}

output "workspaces_dir" {
  value = var.workspaces_dir
}
