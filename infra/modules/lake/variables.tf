variable "account_name" {
  description = "Storage account name: 3-24 lowercase letters and digits, globally unique."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9]{3,24}$", var.account_name))
    error_message = "account_name must be 3-24 lowercase letters and digits."
  }
}

variable "resource_group_name" {
  description = "Resource group that holds the lake."
  type        = string
}

variable "location" {
  description = "Azure region."
  type        = string
}

variable "replication_type" {
  description = "LRS or ZRS for dev; GRS, RAGRS, GZRS or RAGZRS for prod (geo-redundant)."
  type        = string

  validation {
    condition     = contains(["LRS", "ZRS", "GRS", "RAGRS", "GZRS", "RAGZRS"], var.replication_type)
    error_message = "replication_type must be one of LRS, ZRS, GRS, RAGRS, GZRS, RAGZRS."
  }
}

variable "layers" {
  description = "One container per lake layer."
  type        = list(string)
  default     = ["bronze", "silver", "gold", "meta"]
}

variable "bronze_cool_after_days" {
  description = "Bronze blobs move to the cool tier this many days after their last modification."
  type        = number
  default     = 30
}

variable "soft_delete_days" {
  description = "Days that deleted blobs and containers stay recoverable."
  type        = number
  default     = 14

  validation {
    condition     = var.soft_delete_days >= 7 && var.soft_delete_days <= 365
    error_message = "soft_delete_days must be between 7 and 365."
  }
}

variable "customer_managed_key" {
  description = "Optional customer-managed key: a Key Vault key and the user-assigned identity allowed to use it. Null keeps Microsoft-managed keys."
  type = object({
    key_vault_key_id          = string
    user_assigned_identity_id = string
  })
  default = null
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
