terraform {
  required_version = ">= 1.9"

  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      # 4.9 added storage_account_id on containers (Resource Manager, no data-plane access needed).
      version = "~> 4.9"
    }
  }

  # Bootstrap starts with local state (the account it creates does not exist yet). After the
  # first apply, move it into the account: add a backend "azurerm" block with key
  # "bootstrap.tfstate" and run terraform init -migrate-state (see infra/README.md).
}

provider "azurerm" {
  features {}
  subscription_id     = var.subscription_id
  storage_use_azuread = true
}
