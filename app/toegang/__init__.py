"""Access: who is asking (authentication) and may they (the policy)."""
