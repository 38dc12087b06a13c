"""Small widgets of the app; ``safe_text`` is how every vault string reaches the screen."""
