"""Players that choose orders from what their side can see."""
