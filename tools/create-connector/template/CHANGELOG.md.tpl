# @outport/connector-__ID__
