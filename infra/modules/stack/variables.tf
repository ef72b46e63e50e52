# What differs between environments. None has a default, so each root states every value and a
# prod setting cannot silently fall back to a dev one.

variable "environment" {
  description = "Environment name (dev, prod): part of every resource name and the environment tag."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2,8}$", var.environment))
    error_message = "environment must be 2-8 lowercase letters (it is part of the storage account name)."
  }
}

variable "location" {
  description = "Azure region of the environment."
  type        = string
}

variable "name_suffix" {
  description = "Short lowercase suffix that makes the global names (storage account, vault, server) unique."
  type        = string
}

variable "vnet_address_space" {
  description = "Address space of the environment's VNet."
  type        = list(string)
}

variable "private_endpoint_subnet_prefix" {
  description = "Subnet for the private endpoints, inside vnet_address_space."
  type        = string
}

variable "runtime_subnet_prefix" {
  description = "Subnet for the headless host, inside vnet_address_space."
  type        = string
}

variable "lake_replication_type" {
  description = "Replication of the lake account: LRS in dev, geo-redundant (GZRS) in prod."
  type        = string
}

variable "postgres_sku_name" {
  description = "PostgreSQL compute SKU, e.g. B_Standard_B1ms (dev) or GP_Standard_D2ds_v5 (prod)."
  type        = string
}

variable "postgres_backup_retention_days" {
  description = "PostgreSQL point-in-time restore window in days (7-35)."
  type        = number
}

variable "postgres_geo_redundant_backup_enabled" {
  description = "Keep PostgreSQL backups in the paired region as well (required in prod; fixed at creation)."
  type        = bool
}

variable "log_retention_in_days" {
  description = "Days the Log Analytics workspace keeps logs."
  type        = number
}

variable "log_daily_quota_gb" {
  description = "Cap on daily Log Analytics ingestion in GB."
  type        = number
}
