"""Errors that services raise for the caller to show: the message is already in the user's language."""


class ServiceError(Exception):
    """A request that cannot be carried out as asked (unknown round, duplicate slug …)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotFound(ServiceError):
    pass


class Conflict(ServiceError):
    pass
