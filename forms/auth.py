from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import InputRequired, Length


class LoginForm(FlaskForm):
    username = StringField("Username", validators=[InputRequired("Enter your username."), Length(max=64)],
                           render_kw={"autocomplete": "username", "autocapitalize": "none",
                                      "spellcheck": "false"})
    password = PasswordField("Password", validators=[InputRequired("Enter your password."), Length(max=256)],
                             render_kw={"autocomplete": "current-password"})


class UnlockForm(FlaskForm):
    password = PasswordField("Password", validators=[InputRequired("Enter your password to unlock."),
                                                     Length(max=256)],
                             render_kw={"autocomplete": "current-password"})
