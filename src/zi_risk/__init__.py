"""zi-risk: fraud-risk mitigation registers for Indonesian public administration."""
