variable "subscription_id" {
  description = "Subscription that holds the Terraform state (TF_VAR_subscription_id)."
  type        = string
}

variable "location" {
  description = "Azure region of the state account."
  type        = string
  default     = "westeurope"
}

variable "name_suffix" {
  description = "Short lowercase suffix that makes the state account name unique."
  type        = string
}

variable "runner_vnet_id" {
  description = "VNet of the machines that run Terraform (the CI runners); the state account is reachable only from there."
  type        = string
}

variable "runner_subnet_id" {
  description = "Subnet in runner_vnet_id for the state account's private endpoint."
  type        = string
}
