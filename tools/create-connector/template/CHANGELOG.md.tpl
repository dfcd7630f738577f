# @outport/connector-__ID__

## 0.1.0

- First release.
