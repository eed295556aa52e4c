// The Open OnDemand example template (andrejcermak/coder_template_os_vm), reshaped for this machine.
// A template shaped like andrejcermak/coder_template_os_vm: the same variables, parameters and resource
// names, with terraform_data standing in for the OpenStack resources. A public key that is not an SSH key
// fails the keypair the way OpenStack does, with the API's JSON error in the output.
export const TEMPLATE = `
terraform {
  required_providers {
    coder = {
      source  = "coder/coder"
      version = "1.0.4"
    }
  }
}

variable "application_credential_id" { type = string }
variable "application_credential_name" { type = string }
variable "application_credential_secret" { type = string }
variable "openstack_region" { type = string }
variable "openstack_identity_provider" { type = string }
variable "project_id" { type = string }

data "coder_parameter" "project_id" {
  name    = "project_id"
  type    = "string"
  mutable = false
  default = var.project_id
}
data "coder_parameter" "application_credential_name" {
  name    = "application_credential_name"
  type    = "string"
  mutable = true
  default = var.application_credential_name
}
data "coder_parameter" "application_credential_id" {
  name    = "application_credential_id"
  type    = "string"
  mutable = true
  default = var.application_credential_id
}
data "coder_parameter" "application_credential_secret" {
  name    = "application_credential_secret"
  type    = "string"
  mutable = true
  default = var.application_credential_secret
}
data "coder_parameter" "openstack_region" {
  name    = "openstack_region"
  type    = "string"
  mutable = false
  default = var.openstack_region
}
data "coder_parameter" "openstack_identity_provider" {
  name    = "openstack_identity_provider"
  type    = "string"
  mutable = false
  default = var.openstack_identity_provider
}
data "coder_parameter" "pubkey" {
  name    = "pubkey"
  type    = "string"
  mutable = false
}

data "coder_workspace" "me" {}

locals {
  prefix = lower(data.coder_workspace.me.name)
}

resource "terraform_data" "pubkey" {
  input = {
    name       = "\${local.prefix}-keypair"
    public_key = data.coder_parameter.pubkey.value
  }
  provisioner "local-exec" {
    command     = "case \\"$PUBLIC_KEY\\" in ssh-*) ;; *) echo '{\\"badRequest\\": {\\"code\\": 400, \\"message\\": \\"Keypair data is invalid: failed to generate fingerprint\\"}}'; exit 1;; esac"
    environment = { PUBLIC_KEY = data.coder_parameter.pubkey.value }
  }
}

resource "terraform_data" "vip_fip" {
  input = "192.0.2.10"
}

resource "terraform_data" "ubuntu_from_ondemand" {
  input = {
    name        = local.prefix
    flavor      = "e1.medium"
    image       = "ubuntu-focal-x86_64"
    key_pair    = terraform_data.pubkey.output.name
    tenant_id   = data.coder_parameter.project_id.value
    region      = data.coder_parameter.openstack_region.value
    auth_url    = data.coder_parameter.openstack_identity_provider.value
    credential  = data.coder_parameter.application_credential_id.value
    credname    = data.coder_parameter.application_credential_name.value
    secret_hash = sha256(data.coder_parameter.application_credential_secret.value)
  }
}

resource "terraform_data" "res_vip_fip_associate" {
  input = {
    floating_ip = terraform_data.vip_fip.output
    instance_id = terraform_data.ubuntu_from_ondemand.id
  }
}

resource "terraform_data" "coder_output" {
  depends_on = [terraform_data.ubuntu_from_ondemand]
}

resource "coder_metadata" "floating_ip" {
  resource_id = terraform_data.coder_output.id
  item {
    key   = "floating_ip"
    value = terraform_data.vip_fip.output
  }
  item {
    key   = "port"
    value = "13337"
  }
}
`;

export const TEMPLATE_VARIABLES = {
  application_credential_id: 'push-time-credential-id',
  application_credential_name: 'push-time-credential',
  application_credential_secret: 'push-time-secret',
  openstack_region: 'brno1',
  openstack_identity_provider: 'https://identity.example.org/v3',
  project_id: 'push-time-project',
};

export const PUBKEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMxTyOodMocked ood@example.org';
export const PROJECT_ID = 'e495700ad00349bab1d6c75fa13d0ad1';
