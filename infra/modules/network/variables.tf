variable "name_prefix" {
  description = "Prefix for every resource name, e.g. fde-dev."
  type        = string
}

variable "resource_group_name" {
  description = "Resource group that holds the network."
  type        = string
}

variable "location" {
  description = "Azure region."
  type        = string
}

variable "address_space" {
  description = "Address space of the VNet."
  type        = list(string)
  default     = ["10.40.0.0/16"]
}

variable "private_endpoint_subnet_prefix" {
  description = "Subnet for private endpoints (storage, Key Vault, PostgreSQL)."
  type        = string
  default     = "10.40.1.0/24"
}

variable "runtime_subnet_prefix" {
  description = "Subnet for the headless host (team runtime); it reaches the lake only through the private endpoints."
  type        = string
  default     = "10.40.2.0/24"
}

variable "private_endpoints" {
  description = <<-EOT
    Private endpoints to create, keyed by a short name. resource_id is the target resource,
    subresource the private link group (blob, dfs, vault, postgresqlServer) and dns_zone one of
    the zones this module creates (see private_dns_zones).
  EOT
  type = map(object({
    resource_id = string
    subresource = string
    dns_zone    = string
  }))
  default = {}
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
