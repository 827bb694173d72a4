"""The HTTP bridge: the DIY firmware's JSON API, polled, with pushes through a webhook."""
