variable "name" {
  description = "Key Vault name: 3-24 letters, digits and dashes, globally unique."
  type        = string
}

variable "resource_group_name" {
  description = "Resource group that holds the vault."
  type        = string
}

variable "location" {
  description = "Azure region."
  type        = string
}

variable "tenant_id" {
  description = "Entra tenant that authenticates requests to the vault."
  type        = string
}

variable "soft_delete_retention_days" {
  description = "Days a deleted vault or secret stays recoverable (7-90)."
  type        = number
  default     = 90

  validation {
    condition     = var.soft_delete_retention_days >= 7 && var.soft_delete_retention_days <= 90
    error_message = "soft_delete_retention_days must be between 7 and 90."
  }
}

variable "secret_names" {
  description = "Names of the secrets the headless host reads. Terraform never holds their values; an operator sets them once (see README)."
  type        = list(string)
  default     = ["alpaca-key-id", "alpaca-secret-key", "reddit-client-id", "reddit-client-secret"]
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
