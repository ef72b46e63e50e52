variable "name_prefix" {
  description = "Prefix for display names and resource names, e.g. fde-dev."
  type        = string
}

variable "resource_group_name" {
  description = "Resource group for the headless host's managed identity."
  type        = string
}

variable "location" {
  description = "Azure region of the managed identity."
  type        = string
}

variable "storage_account_id" {
  description = "Resource ID of the lake's storage account."
  type        = string
}

variable "lake_containers" {
  description = "The lake's containers; engineers get write access on each of them, not on the account."
  type        = list(string)
}

variable "key_vault_id" {
  description = "Resource ID of the Key Vault that holds the host's secrets."
  type        = string
}

variable "redirect_uris" {
  description = "Loopback redirect of the desktop app (MSAL's interactive flow listens on a free port of localhost)."
  type        = list(string)
  default     = ["http://localhost"]
}
