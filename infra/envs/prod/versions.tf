terraform {
  required_version = ">= 1.9"

  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      # 4.9 added storage_account_id on containers (Resource Manager, no data-plane access needed).
      version = "~> 4.9"
    }
    azuread = {
      source  = "hashicorp/azuread"
      version = "~> 3.0"
    }
  }

  # Remote state in the account infra/bootstrap creates. The account, container and resource
  # group come from bootstrap's backend_config output (terraform init -backend-config=backend.hcl);
  # access is Entra-only, like every other account here.
  backend "azurerm" {
    key              = "prod.tfstate"
    use_azuread_auth = true
  }
}

provider "azurerm" {
  features {}
  subscription_id = var.subscription_id
  # Shared-key access is off on every account, so the provider must use Entra for data-plane calls.
  storage_use_azuread = true
}

provider "azuread" {}
