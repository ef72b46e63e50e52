variable "name_prefix" {
  description = "Prefix for resource names, e.g. fde-dev."
  type        = string
}

variable "resource_group_name" {
  description = "Resource group for the workspace and Application Insights."
  type        = string
}

variable "location" {
  description = "Azure region."
  type        = string
}

variable "retention_in_days" {
  description = "Days the workspace keeps logs (30 is included in the ingestion price)."
  type        = number
  default     = 30
}

variable "daily_quota_gb" {
  description = "Cap on daily ingestion in GB, so a noisy runtime cannot run up the bill (-1 = no cap)."
  type        = number
  default     = 1
}

variable "diagnostic_targets" {
  description = "Resources whose logs go to the workspace, keyed by a short name: the lake's blob service (<account id>/blobServices/default), the Key Vault, the PostgreSQL server."
  type        = map(string)
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
