variable "name" {
  description = "Server name, globally unique (becomes <name>.postgres.database.azure.com)."
  type        = string
}

variable "resource_group_name" {
  description = "Resource group that holds the server."
  type        = string
}

variable "location" {
  description = "Azure region."
  type        = string
}

variable "tenant_id" {
  description = "Entra tenant for Microsoft Entra authentication."
  type        = string
}

variable "sku_name" {
  description = "Compute SKU, e.g. B_Standard_B1ms (dev) or GP_Standard_D2ds_v5 (prod)."
  type        = string
}

variable "storage_mb" {
  description = "Storage size in MB."
  type        = number
  default     = 32768
}

variable "postgres_version" {
  description = "Major PostgreSQL version."
  type        = string
  default     = "16"
}

variable "backup_retention_days" {
  description = "Point-in-time restore window in days (7-35)."
  type        = number
  default     = 7
}

variable "geo_redundant_backup_enabled" {
  description = "Keep backups in the paired region as well (required in prod; fixed at creation)."
  type        = bool
}

variable "zone" {
  description = "Availability zone of the server."
  type        = string
  default     = "1"
}

variable "database_name" {
  description = "Database for the published marts and the team runtime's state."
  type        = string
  default     = "fde"
}

variable "entra_admin" {
  description = "The Entra group that administers the server (object id and display name)."
  type = object({
    object_id    = string
    display_name = string
  })
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
