import { agentTemplate } from '../../e2e/support/agent-workspace';

/** The agent template of the e2e suite plus one coder_parameter of every form type. */
export function everyFormTypeTemplate(root: string): string {
  return `${agentTemplate(root)}
data "coder_parameter" "repo" {
  name         = "repo"
  display_name = "Repository"
  description  = "The **git** URL to clone."
  type         = "string"
  default      = "https://example.com/x.git"
  mutable      = true
  order        = 1
  validation {
    regex = "^https://"
    error = "Use an https URL."
  }
}
data "coder_parameter" "notes" {
  name      = "notes"
  type      = "string"
  form_type = "textarea"
  default   = "hello"
  mutable   = true
  order     = 2
}
data "coder_parameter" "region" {
  name      = "region"
  type      = "string"
  form_type = "dropdown"
  default   = "eu"
  order     = 3
  option {
    name        = "Europe"
    value       = "eu"
    description = "Frankfurt"
  }
  option {
    name  = "America"
    value = "us"
  }
}
data "coder_parameter" "size" {
  name      = "size"
  type      = "string"
  form_type = "radio"
  default   = "small"
  order     = 4
  option {
    name  = "Small"
    value = "small"
  }
  option {
    name  = "Large"
    value = "large"
  }
}
data "coder_parameter" "gpu" {
  name      = "gpu"
  type      = "bool"
  form_type = "checkbox"
  default   = "false"
  mutable   = true
  order     = 5
}
data "coder_parameter" "dotfiles" {
  name      = "dotfiles"
  type      = "bool"
  form_type = "switch"
  default   = "true"
  mutable   = true
  ephemeral = true
  order     = 6
}
data "coder_parameter" "cpu" {
  name      = "cpu"
  type      = "number"
  form_type = "slider"
  default   = 2
  mutable   = true
  order     = 7
  validation {
    min = 1
    max = 8
  }
}
data "coder_parameter" "disk" {
  name    = "disk"
  type    = "number"
  default = 20
  mutable = true
  order   = 8
  validation {
    min       = 10
    max       = 100
    error     = "Disk must be {min} to {max} GB."
    monotonic = "increasing"
  }
}
data "coder_parameter" "ides" {
  name      = "ides"
  type      = "list(string)"
  form_type = "multi-select"
  default   = jsonencode(["vim"])
  mutable   = true
  order     = 9
  option {
    name  = "Vim"
    value = "vim"
  }
  option {
    name  = "Emacs"
    value = "emacs"
  }
}
data "coder_parameter" "tags" {
  name      = "tags"
  type      = "list(string)"
  form_type = "tag-select"
  default   = jsonencode([])
  mutable   = true
  order     = 10
}
`;
}
