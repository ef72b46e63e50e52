variable "subscription_id" {
  description = "Subscription of the dev environment (TF_VAR_subscription_id)."
  type        = string
}

variable "location" {
  description = "Azure region of the dev environment."
  type        = string
  default     = "westeurope"
}

variable "name_suffix" {
  description = "Short lowercase suffix that makes the global names (storage account, vault, server) unique."
  type        = string
}
