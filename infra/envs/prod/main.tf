# The prod environment: the team backend (modules/stack) with prod's values. Only what differs
# between environments is set here; everything else is fixed in the stack and its modules.
module "stack" {
  source      = "../../modules/stack"
  environment = "prod"
  location    = var.location
  name_suffix = var.name_suffix

  vnet_address_space             = ["10.50.0.0/16"]
  private_endpoint_subnet_prefix = "10.50.1.0/24"
  runtime_subnet_prefix          = "10.50.2.0/24"

  lake_replication_type = "GZRS"

  postgres_sku_name                     = "GP_Standard_D2ds_v5"
  postgres_backup_retention_days        = 35
  postgres_geo_redundant_backup_enabled = true

  log_retention_in_days = 90
  log_daily_quota_gb    = 5
}
